// Messages between the runner (terapi process) and the function runtime (sandbox isolate). The worker can only
// ask for the FunctionHost methods; the answer comes back by id.
export type HostCallMethod =
  | 'proxy'
  | 'getConnection'
  | 'getMetadata'
  | 'setMetadata'
  | 'updateMetadata'
  | 'log'
  | 'batchSave'
  | 'batchUpdate'
  | 'batchDelete'
  | 'getCheckpoint'
  | 'saveCheckpoint'
  | 'clearCheckpoint'
  | 'trackDeletesStart'
  | 'trackDeletesEnd'
  | 'setRunNote';

/** `webhook` runs a sync's onWebhook with the input as its payload. */
export type RuntimeMode = 'sync' | 'action' | 'on-event' | 'describe' | 'webhook';

export interface RuntimeStart {
  mode: RuntimeMode;
  input?: unknown;
  /** ISO date, or null on a first run. */
  lastSyncDate: string | null;
}

export interface SerializedError {
  name?: string;
  message: string;
  code?: string;
  payload?: unknown;
}

export interface InvalidRecordReport {
  model: string;
  id: string | undefined;
  field: string;
  message: string;
}

export type RuntimeErrorCode = 'function_error' | 'action_error' | 'invalid_output' | 'invalid_input' | 'script_http_error';

export type WorkerToHost =
  /** `text`, when present, is passed to the host method after `args` (a batch's records as JSON text, see record-batch.ts). */
  | { type: 'call'; id: number; method: HostCallMethod; args: unknown[]; text?: string }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; data?: unknown }
  | { type: 'done'; output: unknown; invalidRecords: InvalidRecordReport[] }
  | { type: 'failed'; error: { code: RuntimeErrorCode; message: string; payload?: unknown }; invalidRecords: InvalidRecordReport[] };

export type HostToWorker = { type: 'reply'; id: number; ok: true; value: unknown } | { type: 'reply'; id: number; ok: false; error: SerializedError };

/** The port the sandbox prelude gives the runtime (the SDK is bundled without Node builtins). */
export interface RuntimePort {
  postMessage(message: WorkerToHost): void;
  on(event: 'message', listener: (message: HostToWorker) => void): void;
}
