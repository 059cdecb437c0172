// POST /action/trigger and GET /action/:id (nango-api.md §10).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { errorBody } from '../../errors/error-body.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import type { ActionRunStore } from '../action-run-store.js';
import type { ConnectionStore } from '../../connections/connection-store.js';
import type { FunctionStore } from '../../functions/function-store.js';
import type { RunActionDeps } from '../run-action.js';
import { actionFailureResponse } from '../action-failure.js';
import { runAction } from '../run-action.js';

export interface ActionRouteDeps extends RunActionDeps {
  actionRuns: ActionRunStore;
  connections: ConnectionStore;
  functions: FunctionStore;
}

const triggerHeaders = z.object({
  'connection-id': z.string().min(1).max(255),
  'provider-config-key': z.string().min(1).max(255),
  'x-async': z.enum(['true', 'false']).optional(),
  'x-max-retries': z.coerce.number().int().min(0).max(5).optional(),
});
// §10.1: extra body keys are ignored.
const triggerBody = z.object({ action_name: z.string().regex(/^[a-zA-Z0-9_-]+$/), input: z.unknown().optional() });
const idParams = z.object({ id: z.uuid() });
/** An action's input may carry the records it writes: more than the 1 MB of other JSON routes. */
export const ACTION_INPUT_BODY_LIMIT = 10 * 1024 * 1024;

export function registerActionRoutes(app: FastifyInstance, s: ActionRouteDeps): void {
  declareRoute(app, { method: 'POST', url: '/action/trigger', auth: SECRET, summary: 'Run an action, synchronously or with X-Async', tag: 'Actions', bodyLimit: ACTION_INPUT_BODY_LIMIT, query: z.object({}).strict(), headers: triggerHeaders, body: triggerBody }, async (req, reply, { headers: h, body: b }) => {
    const env = authedEnvironment(req);
    const connection = await s.connections.get(env.id, h['provider-config-key'], h['connection-id']);
    if (!connection) throw new TerapiError('unknown_connection');
    const fn = await s.functions.getActive(env.id, h['provider-config-key'], b.action_name);
    if (!fn || fn.kind !== 'action') throw new TerapiError('not_found.action', { action: b.action_name });
    if (h['x-async'] === 'true') {
      const id = await s.actionRuns.enqueue({ environmentId: env.id, connectionId: connection.id, functionId: fn.id, input: b.input, maxRetries: h['x-max-retries'] ?? 0 });
      // §13.8: statusUrl must be a path (the node client concatenates host + statusUrl).
      return reply.code(202).header('location', `/action/${id}`).send({ id, statusUrl: `/action/${id}` });
    }
    const result = await runAction(s, fn, connection, b.input);
    if (!result.ok) {
      const failure = actionFailureResponse(result.error);
      return reply.code(failure.status).send(failure.body);
    }
    // The output is the whole body, whatever its JSON type (a bare string must stay JSON, not text/plain).
    return reply.code(200).type('application/json; charset=utf-8').send(JSON.stringify(result.output ?? null));
  });

  declareRoute(app, { method: 'GET', url: '/action/:id', auth: SECRET, summary: 'The result of an asynchronous action', tag: 'Actions', params: idParams }, async (req, reply, { params: { id } }) => {
    const env = authedEnvironment(req);
    const run = await s.actionRuns.get(env.id, id);
    // §10.2: 404 while queued or running, as for an unknown id.
    if (!run || run.status === 'pending' || run.status === 'running') throw new TerapiError('not_found.action_run', { id });
    if (run.status === 'failed') return reply.code(run.error?.status ?? 500).send(run.error?.body ?? errorBody(new TerapiError('action_script_failure.unrecorded')));
    return reply.code(200).type('application/json; charset=utf-8').send(JSON.stringify(run.output ?? null));
  });
}
