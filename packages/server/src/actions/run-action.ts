// One action run against one connection, in the isolated runner (issue 6 §3, §7).
import type { Connection } from '../connections/connection-store.js';
import type { FunctionRunner } from '../functions/runner/run-function.js';
import type { ConnectionHostDeps } from '../functions/runner/connection-host.js';
import type { DeployedFunction } from '../functions/function-store.js';
import { FUNCTION_LIMITS } from '../functions/function-limits.js';
import { createConnectionHost } from '../functions/runner/connection-host.js';
import type { RunFunctionResult } from '../functions/runner/run-function.js';

/** What an action run reaches. */
export interface RunActionDeps extends ConnectionHostDeps {
  runner: FunctionRunner;
}

/** `runId`: the async action run, when there is one. */
export function runAction(s: RunActionDeps, fn: DeployedFunction, connection: Connection, input: unknown, runId: string | null = null): Promise<RunFunctionResult> {
  return s.runner.run({
    bundle: fn.bundle,
    kind: 'action',
    input,
    host: createConnectionHost(s, connection, { functionName: fn.name, runId }),
    ...FUNCTION_LIMITS.action,
  });
}
