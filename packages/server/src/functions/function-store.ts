// Deployed functions and their versions (migrations/0003_functions.sql). Invariant: at most one active
// version per (environment, integration, name) — enforced by the partial unique index functions_one_active.
import type { Database, Queryable } from '../database/database.js';
import type { FunctionKind } from './runner/run-function-types.js';
import type { FunctionDefinition } from './function-definition.js';
import { LOCK_NAMESPACE } from '../jobs/lock-namespaces.js';

export interface DeployedFunction {
  id: number;
  environmentId: number;
  integrationKey: string;
  name: string;
  kind: FunctionKind;
  version: number;
  bundle: string;
  definition: FunctionDefinition;
  contentHash: string;
  createdAt: Date;
}

interface FunctionRow {
  id: number;
  environment_id: number;
  integration_key: string;
  name: string;
  kind: FunctionKind;
  version: number;
  bundle: string;
  definition: FunctionDefinition;
  content_hash: string;
  created_at: Date;
}

const toFunction = (r: FunctionRow): DeployedFunction => ({
  id: Number(r.id),
  environmentId: r.environment_id,
  integrationKey: r.integration_key,
  name: r.name,
  kind: r.kind,
  version: r.version,
  bundle: r.bundle,
  definition: r.definition,
  contentHash: r.content_hash,
  createdAt: r.created_at,
});

export interface FunctionUpload {
  integrationKey: string;
  name: string;
  kind: FunctionKind;
  bundle: string;
  definition: FunctionDefinition;
  contentHash: string;
}

export interface DeployOutcome {
  added: { integration: string; name: string; kind: FunctionKind; version: number }[];
  changed: { integration: string; name: string; kind: FunctionKind; version: number }[];
  removed: { integration: string; name: string; kind: FunctionKind }[];
  unchanged: { integration: string; name: string; kind: FunctionKind; version: number }[];
}

export class FunctionStore {
  constructor(private readonly db: Database) {}

  async getActive(environmentId: number, integrationKey: string, name: string, q: Queryable = this.db): Promise<DeployedFunction | undefined> {
    const { rows } = await q.query<FunctionRow>('select * from functions where environment_id = $1 and integration_key = $2 and name = $3 and active', [environmentId, integrationKey, name]);
    return rows[0] ? toFunction(rows[0]) : undefined;
  }

  async getById(id: number, q: Queryable = this.db): Promise<DeployedFunction | undefined> {
    const { rows } = await q.query<FunctionRow>('select * from functions where id = $1', [id]);
    return rows[0] ? toFunction(rows[0]) : undefined;
  }

  /** Active functions of an integration (all integrations when integrationKey is undefined). */
  async listActive(environmentId: number, integrationKey?: string, kind?: FunctionKind, q: Queryable = this.db): Promise<DeployedFunction[]> {
    const { rows } = await q.query<FunctionRow>(
      `select * from functions where environment_id = $1 and active and ($2::text is null or integration_key = $2) and ($3::text is null or kind = $3)
       order by integration_key, name`,
      [environmentId, integrationKey ?? null, kind ?? null],
    );
    return rows.map(toFunction);
  }

  /**
   * Makes `uploads` the active set of functions of the environment: a function whose content hash changed gets a
   * new version; one absent from the upload is deactivated (only within `integrationKeys`, the integrations the
   * upload covers, so deploying one integration's folder leaves the others alone). One transaction.
   */
  async deploy(environmentId: number, uploads: FunctionUpload[], integrationKeys: string[]): Promise<DeployOutcome> {
    return this.db.transaction(async (tx) => {
      // Two concurrent deploys of one environment would race on versions: serialize them.
      await tx.query('select pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE.functionDeploy, environmentId]);
      const out: DeployOutcome = { added: [], changed: [], removed: [], unchanged: [] };
      const current = await this.listActive(environmentId, undefined, undefined, tx);
      const key = (i: string, n: string) => `${i}\u0000${n}`;
      const byKey = new Map(current.map((f) => [key(f.integrationKey, f.name), f]));
      const seen = new Set<string>();
      for (const u of uploads) {
        const k = key(u.integrationKey, u.name);
        seen.add(k);
        const old = byKey.get(k);
        if (old && old.contentHash === u.contentHash && old.kind === u.kind) {
          out.unchanged.push({ integration: u.integrationKey, name: u.name, kind: u.kind, version: old.version });
          continue;
        }
        const { rows } = await tx.query<{ v: number }>('select coalesce(max(version), 0) + 1 as v from functions where environment_id = $1 and integration_key = $2 and name = $3', [
          environmentId,
          u.integrationKey,
          u.name,
        ]);
        const version = rows[0]!.v;
        await tx.query('update functions set active = false where environment_id = $1 and integration_key = $2 and name = $3 and active', [environmentId, u.integrationKey, u.name]);
        await tx.query(
          `insert into functions (environment_id, integration_key, name, kind, version, declared_version, bundle, definition, content_hash)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [environmentId, u.integrationKey, u.name, u.kind, version, u.definition.version ?? null, u.bundle, JSON.stringify(u.definition), u.contentHash],
        );
        (old ? out.changed : out.added).push({ integration: u.integrationKey, name: u.name, kind: u.kind, version });
      }
      const covered = new Set(integrationKeys);
      for (const f of current) {
        if (!covered.has(f.integrationKey) || seen.has(key(f.integrationKey, f.name))) continue;
        await tx.query('update functions set active = false where id = $1', [f.id]);
        out.removed.push({ integration: f.integrationKey, name: f.name, kind: f.kind });
      }
      const byName = (a: { integration: string; name: string }, b: { integration: string; name: string }) => a.integration.localeCompare(b.integration) || a.name.localeCompare(b.name);
      for (const list of [out.added, out.changed, out.removed, out.unchanged]) list.sort(byName);
      return out;
    });
  }
}
