import type { FunctionHost } from './function-host.js';

export type FunctionKind = 'sync' | 'action' | 'on-event';

export interface RunFunctionOptions {
  /** The bundled code as deployed (an ESM module whose default export is the createSync/createAction/createOnEvent result). */
  bundle: string;
  /** `webhook`: a sync's onWebhook, with `input` as its payload. */
  kind: FunctionKind | 'webhook';
  input?: unknown;
  host: FunctionHost;
  timeoutMs: number;
  memoryMb: number;
  /** What `nango.connectionId` / `nango.providerConfigKey` show; optional (empty strings when absent). */
  context?: { connectionId: string; providerConfigKey: string };
}

export type RunFunctionErrorCode =
  | 'function_timeout'
  | 'function_memory_limit'
  | 'function_error'
  | 'action_error'
  | 'invalid_output'
  | 'invalid_input'
  /** An upstream request of the function answered non-2xx and the function let it escape (nango-api.md §10.1). payload: {status, headers, data}. */
  | 'script_http_error';

export interface InvalidRecord {
  model: string;
  id: string | undefined;
  field: string;
  message: string;
}

export type RunFunctionResult =
  | { ok: true; output: unknown; invalidRecords: InvalidRecord[] }
  | { ok: false; error: { code: RunFunctionErrorCode; message: string; payload?: unknown } };
