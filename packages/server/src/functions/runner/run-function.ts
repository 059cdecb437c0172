// Runs one deployed function outside the API's event loop (issue 6 §3): a worker thread with a memory limit
// and a wall-clock limit; the function reaches terapi only through FunctionHost calls relayed by messages.
import type { RunFunctionOptions, RunFunctionResult } from './run-function-types.js';

export type { RunFunctionOptions, RunFunctionResult, RunFunctionErrorCode, InvalidRecord, FunctionKind } from './run-function-types.js';

export async function runFunction(opts: RunFunctionOptions): Promise<RunFunctionResult> {
  void opts;
  return { ok: false, error: { code: 'function_error', message: 'The function runner is not built yet.' } };
}
