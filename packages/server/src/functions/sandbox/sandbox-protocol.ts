// Messages between a terapi process (sandbox-client.ts) and its function sandbox process (sandbox-main.ts),
// over the child's IPC channel ('advanced' serialization: a string crosses as one copy, without JSON's escaping
// and unescaping; a helper's reply, often a whole page of an API's response, is the largest). Inside a run, the function runtime's own messages (sdk/host-protocol.ts)
// travel as `function` messages; the sandbox adds the run's id and ends a run itself when the function
// cannot (timeout, memory limit, a bundle that does not load).
import type { HostCallMethod, RuntimeStart, WorkerToHost } from '../sdk/host-protocol.js';

export interface SandboxRunLimits {
  timeoutMs: number;
  /** The isolate's limit: heap, strings and every ArrayBuffer (Buffer, typed arrays) it allocates. */
  memoryMb: number;
  /** Log lines and bytes a run may write; what follows is dropped with one note saying so. */
  logLines: number;
  logBytes: number;
  /** The largest single message (a helper call with its records, a result) a function may send. */
  messageBytes: number;
}

export type SandboxStart = RuntimeStart & { connectionId: string; providerConfigKey: string };

export type ToSandbox =
  | { type: 'init'; prelude: string }
  | { type: 'run'; runId: number; bundle: string; start: SandboxStart; limits: SandboxRunLimits }
  /**
   * `json` is the HostToWorker reply as JSON, made by the terapi process and handed to the isolate as is. `data`,
   * when present, is the reply's `value.data` text (a provider's response body), left out of `json` and set back
   * on the parsed reply in the isolate: JSON would escape every quote of it and the isolate unescape them again.
   */
  | { type: 'reply'; runId: number; id: number; json: string; data?: string }
  | { type: 'cancel'; runId: number };

/** Codes the sandbox ends a run with; the function's own failures come as `function` messages. */
export type SandboxEndCode = 'function_timeout' | 'function_memory_limit' | 'function_error';

export type FromSandbox =
  | { type: 'ready' }
  | { type: 'function'; runId: number; message: Exclude<WorkerToHost, { type: 'call' }> }
  /**
   * A helper call; `argsJson` is the function's own JSON text of the arguments (untrusted, parsed by the terapi
   * process). `text`, when present, is the call's long text (a batch of records as JSON), sent beside the arguments
   * so that JSON does not escape it, and given to the host method as its last argument, unparsed.
   */
  | { type: 'call'; runId: number; id: number; method: HostCallMethod; argsJson: string; text?: string }
  | { type: 'ended'; runId: number; error: { code: SandboxEndCode; message: string } };
