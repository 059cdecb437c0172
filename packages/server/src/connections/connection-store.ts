// Connections: one end user's authorization of one integration. Credentials are one encrypted JSON value,
// written in a single UPDATE with their expiry so a refresh never leaves them half-written.
import type { Database, Queryable } from '../database/database.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { keysetMicros, keysetTimestamp, type KeysetPosition } from '../database/keyset-cursor.js';
import { CONNECTION_STATUS_SQL, type ConnectionStatus } from './connection-status.js';

export type StoredCredentials = { type: string; [key: string]: unknown };

export interface EndUser {
  id: string;
  display_name?: string | null;
  email?: string | null;
  tags?: Record<string, string> | null;
  organization?: { id: string; display_name?: string | null } | null;
}

export interface ConnectionError {
  type: 'auth' | 'sync';
  code: string;
  message: string;
  at: string;
  log_id?: string;
}

export interface Connection {
  id: number;
  environmentId: number;
  integrationId: number;
  providerConfigKey: string;
  provider: string;
  connectionId: string;
  credentials: StoredCredentials | null;
  tokenExpiresAt: Date | null;
  introspectedTokenHash: string | null;
  connectionConfig: Record<string, unknown>;
  metadata: Record<string, unknown> | null;
  endUser: EndUser | null;
  tags: Record<string, string>;
  webhookUrlOverride: string | null;
  authStatus: 'ok' | 'needs_reauth';
  lastError: ConnectionError | null;
  lastRefreshAt: Date | null;
  lastRefreshFailureAt: Date | null;
  lastFetchedAt: Date | null;
  apiUsage: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ConnectionRow {
  id: number;
  environment_id: number;
  integration_id: number;
  unique_key: string;
  provider: string;
  connection_id: string;
  credentials_enc: string | null;
  token_expires_at: Date | null;
  introspected_token_hash: string | null;
  connection_config: Record<string, unknown>;
  metadata: Record<string, unknown> | null;
  end_user: EndUser | null;
  tags: Record<string, string>;
  webhook_url_override: string | null;
  auth_status: 'ok' | 'needs_reauth';
  last_error: ConnectionError | null;
  last_refresh_at: Date | null;
  last_refresh_failure_at: Date | null;
  last_fetched_at: Date | null;
  api_usage: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

// Named columns, not c.*: the by-key and by-id reads are prepared statements (parsed and planned once per
// pool client, issue 15), and a prepared c.* would fail with "cached plan must not change result type"
// in a process still running while a newer version's migration adds a column.
const COLUMNS = `c.id, c.environment_id, c.integration_id, c.connection_id, c.credentials_enc, c.token_expires_at, c.introspected_token_hash,
  c.connection_config, c.metadata, c.end_user, c.tags, c.webhook_url_override, c.auth_status, c.last_error, c.last_refresh_at,
  c.last_refresh_failure_at, c.last_fetched_at, c.api_usage, c.created_at, c.updated_at, i.unique_key, i.provider`;
const SELECT = `select ${COLUMNS} from connections c join integrations i on i.id = c.integration_id`;
const GET = { name: 'terapi-connection-get', text: `${SELECT} where c.environment_id = $1 and i.unique_key = $2 and c.connection_id = $3` };
const GET_BY_ID = { name: 'terapi-connection-get-by-id', text: `${SELECT} where c.id = $1` };
/** How long this process skips last_fetched_at writes for a connection it has just touched. */
const TOUCH_INTERVAL_MS = 1000;
const TOUCHED_MAX_ENTRIES = 10_000;

export interface ConnectionListFilter {
  connectionId?: string | undefined;
  search?: string | undefined;
  endUserId?: string | undefined;
  endUserOrganizationId?: string | undefined;
  integrationKeys?: string[] | undefined;
  tags?: Record<string, string> | undefined;
  status?: ConnectionStatus | undefined;
  limit: number;
  /** Rows skipped (Nango's page × limit); ignored with `after`. */
  offset: number;
  /** Keyset paging: the rows after this (created_at, id); replaces `page`. */
  after?: KeysetPosition | undefined;
}

/** A listed connection and its keyset position. */
export type ListedConnection = Connection & { position: KeysetPosition };

export interface ConnectionUpsert {
  environmentId: number;
  integrationId: number;
  connectionId: string;
  credentials: StoredCredentials;
  tokenExpiresAt: Date | null;
  connectionConfig: Record<string, unknown>;
  metadata?: Record<string, unknown> | null | undefined;
  endUser?: EndUser | null | undefined;
  tags?: Record<string, string> | undefined;
  webhookUrlOverride?: string | null | undefined;
}

export class ConnectionStore {
  /** When this process last wrote last_fetched_at, per connection row id (bounded; see touchFetched). */
  readonly #touched = new Map<number, number>();

  constructor(private readonly db: Database, private readonly box: SecretBox) {}

  #toConnection = (r: ConnectionRow): Connection => ({
    id: r.id,
    environmentId: r.environment_id,
    integrationId: r.integration_id,
    providerConfigKey: r.unique_key,
    provider: r.provider,
    connectionId: r.connection_id,
    credentials: r.credentials_enc ? this.box.decryptJson<StoredCredentials>(r.credentials_enc) : null,
    tokenExpiresAt: r.token_expires_at,
    introspectedTokenHash: r.introspected_token_hash,
    connectionConfig: r.connection_config ?? {},
    metadata: r.metadata,
    endUser: r.end_user,
    tags: r.tags ?? {},
    webhookUrlOverride: r.webhook_url_override,
    authStatus: r.auth_status,
    lastError: r.last_error,
    lastRefreshAt: r.last_refresh_at,
    lastRefreshFailureAt: r.last_refresh_failure_at,
    lastFetchedAt: r.last_fetched_at,
    apiUsage: r.api_usage,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

  async get(environmentId: number, providerConfigKey: string, connectionId: string, q: Queryable = this.db): Promise<Connection | undefined> {
    const { rows } = await q.query<ConnectionRow>({ ...GET, values: [environmentId, providerConfigKey, connectionId] });
    return rows[0] ? this.#toConnection(rows[0]) : undefined;
  }

  async getById(id: number, q: Queryable = this.db): Promise<Connection | undefined> {
    const { rows } = await q.query<ConnectionRow>({ ...GET_BY_ID, values: [id] });
    return rows[0] ? this.#toConnection(rows[0]) : undefined;
  }

  /** Locks the row (FOR UPDATE) inside the caller's transaction. */
  async getForUpdate(id: number, q: Queryable): Promise<Connection | undefined> {
    const { rows } = await q.query<ConnectionRow>(`${SELECT} where c.id = $1 for update of c`, [id]);
    return rows[0] ? this.#toConnection(rows[0]) : undefined;
  }

  async list(environmentId: number, f: ConnectionListFilter): Promise<ListedConnection[]> {
    const where = ['c.environment_id = $1'];
    const values: unknown[] = [environmentId];
    const add = (sql: (p: string) => string, v: unknown) => {
      values.push(v);
      where.push(sql(`$${values.length}`));
    };
    if (f.connectionId !== undefined) add((p) => `c.connection_id = ${p}`, f.connectionId);
    if (f.search !== undefined) {
      // ILIKE as lower() LIKE lower(): the same match, and the form the trigram indexes of migration 0008 serve.
      add(
        (p) => `(lower(c.connection_id) like lower(${p}) or lower(c.end_user->>'display_name') like lower(${p}) or lower(c.end_user->>'email') like lower(${p}))`,
        `%${f.search.replace(/[%_\\]/g, '\\$&')}%`,
      );
    }
    if (f.endUserId !== undefined) add((p) => `c.end_user->>'id' = ${p}`, f.endUserId);
    if (f.endUserOrganizationId !== undefined) add((p) => `c.end_user->'organization'->>'id' = ${p}`, f.endUserOrganizationId);
    if (f.integrationKeys?.length) add((p) => `i.unique_key = any(${p})`, f.integrationKeys);
    if (f.tags && Object.keys(f.tags).length) add((p) => `c.tags @> ${p}::jsonb`, JSON.stringify(f.tags));
    if (f.status !== undefined) where.push(CONNECTION_STATUS_SQL[f.status]);
    if (f.after) {
      values.push(f.after.micros, f.after.id);
      where.push(`(c.created_at, c.id) < (${keysetTimestamp(`$${values.length - 1}`)}, $${values.length}::int)`);
    }
    values.push(f.limit, f.after ? 0 : f.offset);
    const { rows } = await this.db.query<ConnectionRow & { created_micros: string }>(
      `select c.*, i.unique_key, i.provider, ${keysetMicros('c.created_at')} as created_micros
         from connections c join integrations i on i.id = c.integration_id
        where ${where.join(' and ')} order by c.created_at desc, c.id desc limit $${values.length - 1} offset $${values.length}`,
      values,
    );
    return rows.map((r) => Object.assign(this.#toConnection(r), { position: { micros: r.created_micros, id: String(r.id) } }));
  }

  /** Creates the connection or overwrites its credentials (re-authorization keeps its id, metadata and tags). */
  async upsert(u: ConnectionUpsert, q: Queryable = this.db): Promise<{ connection: Connection; operation: 'creation' | 'override' }> {
    const { rows } = await q.query<ConnectionRow & { inserted: boolean }>(
      `insert into connections (environment_id, integration_id, connection_id, credentials_enc, token_expires_at, connection_config, metadata, end_user, tags, webhook_url_override, last_refresh_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::jsonb, '{}'::jsonb), $10, now())
       on conflict (integration_id, connection_id) do update set
         credentials_enc = excluded.credentials_enc,
         token_expires_at = excluded.token_expires_at,
         introspected_token_hash = null,
         connection_config = connections.connection_config || excluded.connection_config,
         metadata = coalesce($7, connections.metadata),
         end_user = coalesce($8, connections.end_user),
         tags = case when $9::jsonb is null then connections.tags else excluded.tags end,
         webhook_url_override = coalesce($10, connections.webhook_url_override),
         auth_status = 'ok', last_error = null, last_refresh_failure_at = null, last_refresh_at = now(), updated_at = now()
       returning id, (xmax = 0) as inserted`,
      [
        u.environmentId,
        u.integrationId,
        u.connectionId,
        this.box.encryptJson(u.credentials),
        u.tokenExpiresAt,
        JSON.stringify(u.connectionConfig),
        u.metadata === undefined ? null : JSON.stringify(u.metadata),
        u.endUser ? JSON.stringify(u.endUser) : null,
        u.tags ? JSON.stringify(u.tags) : null,
        u.webhookUrlOverride ?? null,
      ],
    );
    const row = rows[0]!;
    const connection = (await this.getById(row.id, q))!;
    return { connection, operation: row.inserted ? 'creation' : 'override' };
  }

  /** Replaces the credentials and their known expiry in one statement (a refresh's only write). */
  async saveRefreshedCredentials(id: number, credentials: StoredCredentials, tokenExpiresAt: Date | null, connectionConfig: Record<string, unknown>, q: Queryable = this.db): Promise<void> {
    await q.query(
      `update connections set credentials_enc = $2, token_expires_at = $3, introspected_token_hash = null,
         connection_config = connection_config || $4::jsonb, auth_status = 'ok', last_error = null,
         last_refresh_at = now(), last_refresh_failure_at = null, updated_at = now() where id = $1`,
      [id, this.box.encryptJson(credentials), tokenExpiresAt, JSON.stringify(connectionConfig)],
    );
  }

  /** Connections that can refresh and whose known token expiry falls within `withinSeconds` (refresh sweeps). */
  async listExpiring(withinSeconds: number, limit: number): Promise<Connection[]> {
    const { rows } = await this.db.query<ConnectionRow>(
      `${SELECT} where c.auth_status = 'ok' and c.credentials_enc is not null and c.token_expires_at < now() + ($1::int * interval '1 second')
       order by c.token_expires_at limit $2`,
      [withinSeconds, limit],
    );
    return rows.map(this.#toConnection);
  }

  /** Remembers what introspection taught about the current token (its sha256), so it is asked once. */
  async saveIntrospection(id: number, tokenHash: string, tokenExpiresAt: Date | null, q: Queryable = this.db): Promise<void> {
    await q.query('update connections set introspected_token_hash = $2, token_expires_at = $3 where id = $1', [id, tokenHash, tokenExpiresAt]);
  }

  async markNeedsReauth(id: number, error: ConnectionError, q: Queryable = this.db): Promise<void> {
    await q.query(
      `update connections set auth_status = 'needs_reauth', last_error = $2, last_refresh_failure_at = now(), updated_at = now() where id = $1`,
      [id, JSON.stringify(error)],
    );
  }

  async recordError(id: number, error: ConnectionError | null, q: Queryable = this.db): Promise<void> {
    await q.query('update connections set last_error = $2 where id = $1', [id, error ? JSON.stringify(error) : null]);
  }

  /**
   * At most one write per connection per second: concurrent reads of one connection must not queue on its
   * row lock. This process does not even ask within the second after its own write (a read's only other
   * statement, halving the hot path's round trips); the WHERE clause keeps the bound across processes.
   */
  async touchFetched(id: number): Promise<void> {
    const now = Date.now();
    const last = this.#touched.get(id);
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return;
    if (last === undefined && this.#touched.size >= TOUCHED_MAX_ENTRIES) this.#touched.clear();
    this.#touched.set(id, now);
    await this.db.query(`update connections set last_fetched_at = now() where id = $1 and (last_fetched_at is null or last_fetched_at < now() - interval '1 second')`, [id]);
  }

  async patch(id: number, p: { endUser?: EndUser | undefined; tags?: Record<string, string> | undefined; webhookUrlOverride?: string | null | undefined }): Promise<void> {
    await this.db.query(
      `update connections set end_user = coalesce($2::jsonb, end_user), tags = coalesce($3::jsonb, tags),
         webhook_url_override = case when $5 then $4 else webhook_url_override end, updated_at = now() where id = $1`,
      [id, p.endUser ? JSON.stringify(p.endUser) : null, p.tags ? JSON.stringify(p.tags) : null, p.webhookUrlOverride || null, p.webhookUrlOverride !== undefined],
    );
  }

  async delete(id: number): Promise<boolean> {
    const { rowCount } = await this.db.query('delete from connections where id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  /** Replaces (mode 'set') or shallow-merges (mode 'merge') metadata on all ids, in the caller's transaction. */
  async writeMetadata(ids: number[], metadata: Record<string, unknown>, mode: 'set' | 'merge', q: Queryable): Promise<void> {
    const expr = mode === 'set' ? '$2::jsonb' : `coalesce(metadata, '{}'::jsonb) || $2::jsonb`;
    await q.query(`update connections set metadata = ${expr}, updated_at = now() where id = any($1)`, [ids, JSON.stringify(metadata)]);
  }
}
