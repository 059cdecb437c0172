// createOnEvent functions (issue 6 §1): `post-connection-creation` runs after a connection is created,
// `pre-connection-deletion` before one is deleted. Each runs in the isolated runner with the connection's
// host; a failure is logged and never fails the connection's own operation.
import type { Connection } from '../connections/connection-store.js';
import type { FunctionStore } from './function-store.js';
import type { Logger } from 'pino';
import type { FunctionRunner } from './runner/run-function.js';
import type { ConnectionHostDeps } from './runner/connection-host.js';
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

/** For services.afterConnect: post-connection-creation functions run in the background, after the response. */
export function onConnectionCreated(s: ConnectionEventsDeps) {
  return async (connection: Connection, operation: 'creation' | 'override'): Promise<void> => {
    if (operation !== 'creation') return;
    void runConnectionEvents(s, connection, 'post-connection-creation').catch((err: unknown) => s.logger.error({ err }, 'post-connection-creation functions could not run'));
  };
}
