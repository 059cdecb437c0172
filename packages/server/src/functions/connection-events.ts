// createOnEvent functions (issue 6 §1): `post-connection-creation` runs after a connection is created, as a
// `terapi_connection_event` job enqueued in the connection's own transaction; `pre-connection-deletion` runs
// before one is deleted, in the request. Each runs in the isolated runner with the connection's host; a
// failure is logged and never fails the connection's own operation.
import type { Connection } from '../connections/connection-store.js';
import type { FunctionStore } from './function-store.js';
import type { Logger } from 'pino';
import type { FunctionRunner } from './runner/run-function.js';
import type { ConnectionHostDeps } from './runner/connection-host.js';
import type { Queryable } from '../database/database.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { JOB, type JobPayloads } from '../jobs/job-kinds.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import type { FunctionEvent } from './sdk/function-config.js';
import { FUNCTION_LIMITS } from './function-limits.js';
import { createConnectionHost } from './runner/connection-host.js';

/** What on-event functions reach. */
export interface ConnectionEventsDeps extends ConnectionHostDeps {
  functions: FunctionStore;
  logger: Logger;
  runner: FunctionRunner;
}

export async function runConnectionEvents(s: ConnectionEventsDeps, connection: Connection, event: FunctionEvent): Promise<void> {
  const fns = (await s.functions.listActive(connection.environmentId, connection.providerConfigKey, 'on-event')).filter((f) => f.definition.event === event);
  for (const fn of fns) {
    const result = await s.runner.run({
      bundle: fn.bundle,
      kind: 'on-event',
      host: createConnectionHost(s, connection, { functionName: fn.name, runId: null }),
      ...FUNCTION_LIMITS['on-event'],
    });
    if (!result.ok) s.logger.warn({ function: fn.name, event, connectionId: connection.connectionId, error: result.error }, 'an on-event function failed');
  }
}

/** What enqueueing a new connection's on-event job reads. */
export interface ConnectionCreatedDeps {
  functions: FunctionStore;
}

/** In the transaction that creates a connection: the job of its post-connection-creation functions, if any. */
export async function enqueueConnectionCreated(s: ConnectionCreatedDeps, connection: Connection, operation: 'creation' | 'override', q: Queryable): Promise<void> {
  if (operation !== 'creation') return;
  const fns = await s.functions.listActive(connection.environmentId, connection.providerConfigKey, 'on-event');
  if (!fns.some((f) => f.definition.event === 'post-connection-creation')) return;
  await enqueueJob(q, JOB.connectionEvent, { connectionId: connection.id, event: 'post-connection-creation' }, { maxAttempts: 1 });
}

/** The `terapi_connection_event` job; nothing when the connection was deleted meanwhile. */
export async function runConnectionEventJob(s: ConnectionEventsDeps & { connections: Pick<ConnectionStore, 'getById'> }, payload: JobPayloads['terapi_connection_event']): Promise<void> {
  const connection = await s.connections.getById(payload.connectionId);
  if (connection) await runConnectionEvents(s, connection, payload.event);
}
