// POST /functions/dryrun (what `terapi dryrun` calls): one function, one live connection, nothing saved.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import { UNIQUE_KEY } from '../../integrations/routes/integration-routes.js';
import type { ConnectionStore } from '../../connections/connection-store.js';
import type { DryRunDeps } from '../dry-run.js';
import { dryRunFunction } from '../dry-run.js';
import type { FunctionStore } from '../function-store.js';
import { FUNCTION_NAME } from './deploy-route.js';
import { ACTION_INPUT_BODY_LIMIT } from '../../actions/routes/action-routes.js';

export interface DryRunRouteDeps extends DryRunDeps {
  connections: ConnectionStore;
}

const dryRunBody = z
  .object({
    name: FUNCTION_NAME,
    connection_id: z.string().min(1).max(255),
    integration: UNIQUE_KEY.optional(),
    input: z.unknown().optional(),
    last_sync_date: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export function registerDryRunRoute(app: FastifyInstance, s: DryRunRouteDeps, store: FunctionStore): void {
  declareRoute(app, { method: 'POST', url: '/functions/dryrun', auth: SECRET, summary: 'Run a function against a live connection, saving nothing (used by `terapi dryrun`)', tag: 'Functions', bodyLimit: ACTION_INPUT_BODY_LIMIT, body: dryRunBody }, async (req, _reply, { body: b }) => {
    const env = authedEnvironment(req);
    const candidates = b.integration ? [await store.getActive(env.id, b.integration, b.name)].filter((f) => f !== undefined) : (await store.listActive(env.id)).filter((f) => f.name === b.name);
    if (candidates.length === 0) throw (b.integration ? new TerapiError('not_found.function_in_integration', { name: b.name, integration: b.integration }) : new TerapiError('not_found.function', { name: b.name }));
    if (candidates.length > 1) {
      throw new TerapiError('invalid_body.ambiguous_function', { name: b.name, integrations: candidates.map((f) => f.integrationKey).join(', ') });
    }
    const fn = candidates[0]!;
    const connection = await s.connections.get(env.id, fn.integrationKey, b.connection_id);
    if (!connection) throw new TerapiError('unknown_connection');
    return dryRunFunction(s, fn, connection, { input: b.input, lastSyncDate: b.last_sync_date ? new Date(b.last_sync_date) : null });
  });
}
