// One action run against one connection, in the isolated runner (issue 6 §3, §7), recorded in the operation
// log (issue 12 point 5) whether it ran synchronously or as an async run: its name, outcome and error, never
// its input or output.
import type { Connection } from '../connections/connection-store.js';
import type { FunctionRunner } from '../functions/runner/run-function.js';
import type { ConnectionHostDeps } from '../functions/runner/connection-host.js';
import type { DeployedFunction } from '../functions/function-store.js';
import { FUNCTION_LIMITS } from '../functions/function-limits.js';
import { createConnectionHost } from '../functions/runner/connection-host.js';
import type { RunFunctionResult } from '../functions/runner/run-function.js';
import type { OperationLog } from '../operations/operation-log.js';
import { clippedText } from '../operations/operation-kinds.js';
import { durationMs } from '../operations/operation-outcome.js';

/** What an action run reaches. */
export interface RunActionDeps extends ConnectionHostDeps {
  runner: FunctionRunner;
  operations: OperationLog;
}

/** `runId`: the async action run, when there is one. */
export async function runAction(s: RunActionDeps, fn: DeployedFunction, connection: Connection, input: unknown, runId: string | null = null): Promise<RunFunctionResult> {
  const startedAt = new Date();
  const result = await s.runner.run({
    bundle: fn.bundle,
    kind: 'action',
    input,
    host: createConnectionHost(s, connection, { functionName: fn.name, runId }),
    ...FUNCTION_LIMITS.action,
  });
  const endedAt = new Date();
  s.operations.record({
    environmentId: connection.environmentId,
    kind: 'action',
    connectionId: connection.id,
    providerConfigKey: connection.providerConfigKey,
    status: result.ok ? 'success' : 'failed',
    message: `action ${fn.name} ${result.ok ? 'succeeded' : 'failed'}`,
    detail: {
      action_name: fn.name,
      version: fn.version,
      run_id: runId,
      async: runId !== null,
      connection_id: connection.connectionId,
      duration_ms: durationMs(startedAt, endedAt),
      ...(result.ok ? {} : { error_code: result.error.code, error_message: clippedText(result.error.message) }),
    },
    startedAt,
    endedAt,
  });
  return result;
}
