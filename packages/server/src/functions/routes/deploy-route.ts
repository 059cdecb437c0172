// POST /functions/deploy (what `terapi deploy` calls; nango-api.md §12 lists deploy as OPTIONAL and terapi's
// own): the server reads each bundle's definition in the isolated runner, then makes the upload the active set
// of the integrations it covers, answering what was added, changed and removed.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import { UNIQUE_KEY } from '../../integrations/routes/integration-routes.js';
import type { IntegrationStore } from '../../integrations/integration-store.js';
import type { FunctionRunner } from '../runner/run-function.js';
import type { SyncService } from '../../syncs/sync-service.js';
import { describeBundle } from '../describe-bundle.js';
import type { FunctionStore, FunctionUpload } from '../function-store.js';
import { bundleHash } from '../bundler/bundle-hash.js';
import { parseFrequency } from '../../syncs/sync-frequency.js';

export interface DeployRouteDeps {
  integrations: IntegrationStore;
  runner: FunctionRunner;
  syncs: SyncService;
}

export const FUNCTION_NAME = z.string().min(1).max(255).regex(/^[a-zA-Z0-9_-]+$/, 'function names use letters, digits, _ and -');
const KIND = z.enum(['sync', 'action', 'on-event']);
const FOLDER = { sync: 'syncs', action: 'actions', 'on-event': 'on-events' } as const;

const deployBody = z
  .object({
    integrations: z.array(UNIQUE_KEY).max(1000),
    functions: z.array(z.object({ integration: UNIQUE_KEY, name: FUNCTION_NAME, kind: KIND, bundle: z.string().min(1) }).strict()).max(1000),
  })
  .strict();

/** Bundles embed zod and the SDK (a few hundred KB each). */
const DEPLOY_BODY_LIMIT = 200 * 1024 * 1024;

function frequencyProblem(frequency: string | undefined): string | undefined {
  if (typeof frequency !== 'string') return 'a sync needs a frequency, e.g. "every 1h"';
  try {
    parseFrequency(frequency);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

export function registerDeployRoute(app: FastifyInstance, s: DeployRouteDeps, store: FunctionStore): void {
  declareRoute(app, { method: 'POST', url: '/functions/deploy', auth: SECRET, summary: 'Upload bundled functions (used by `terapi deploy`)', tag: 'Functions', bodyLimit: DEPLOY_BODY_LIMIT, body: deployBody }, async (req, _reply, { body: b }) => {
    const env = authedEnvironment(req);
    const covered = new Set(b.integrations);
    const uploads: FunctionUpload[] = [];
    const problems: string[] = [];
    for (const f of b.functions) {
      const where = `${f.integration}/${FOLDER[f.kind]}/${f.name}.ts`;
      if (!covered.has(f.integration)) problems.push(`${where}: its integration is not in "integrations"`);
      const d = await describeBundle(s.runner, f.bundle);
      if (!d.ok) problems.push(`${where}: ${d.message}`);
      else if (d.kind !== f.kind) problems.push(`${where}: the file is in ${FOLDER[f.kind]}/ but exports a ${d.kind}; move it to ${FOLDER[d.kind]}/`);
      else if (d.kind === 'sync' && frequencyProblem(d.definition.frequency)) problems.push(`${where}: ${frequencyProblem(d.definition.frequency)}`);
      else uploads.push({ integrationKey: f.integration, name: f.name, kind: f.kind, bundle: f.bundle, definition: d.definition, contentHash: bundleHash(f.bundle) });
    }
    if (problems.length) throw new TerapiError('invalid_function.refused', { problems: problems.join('; ') }, { payload: { problems } });
    const outcome = await store.deploy(env.id, uploads, b.integrations);
    // Existing connections get rows for new syncs (autoStart ones start): syncs owns what that means.
    for (const key of covered) await s.syncs.onDeployed(env.id, key);
    const missing: string[] = [];
    for (const key of covered) if (!(await s.integrations.get(env.id, key))) missing.push(key);
    return { ...outcome, ...(missing.length ? { warnings: missing.map((k) => `No integration "${k}" exists in this environment yet; create it before its functions can run.`) } : {}) };
  });
}
