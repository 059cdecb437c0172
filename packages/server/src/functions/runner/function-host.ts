// The helper's host side: what a running function may ask of terapi. Implemented in the API/worker process;
// the function (in its sandbox isolate) reaches it only by message passing — no database handle, no key.
// This file is the contract between the function runtime (src/functions) and syncs (src/syncs).

export interface ProxyRequest {
  method: string;
  endpoint: string;
  params?: Record<string, string | number>;
  headers?: Record<string, string>;
  data?: unknown;
  retries?: number;
  /** Status codes safe to retry for any method (the proxy's Retry-On). */
  retryOn?: number[];
  baseUrlOverride?: string;
}

export interface ProxyResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The body: text (JSON is parsed in the worker, by the helper, per content-type) or an already parsed value. */
  data: unknown;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface FunctionHost {
  proxy(req: ProxyRequest): Promise<ProxyResponse>;
  /** The public connection incl. fresh credentials of THIS connection only. */
  getConnection(): Promise<Record<string, unknown>>;
  getMetadata(): Promise<Record<string, unknown> | null>;
  setMetadata(m: Record<string, unknown>): Promise<void>;
  updateMetadata(m: Record<string, unknown>): Promise<void>;
  log(level: LogLevel, message: string, data?: unknown): void;
  // syncs only (actions get a host whose methods below throw "not available in actions"):
  /**
   * Validation against the model happens in the function, before the call. The SDK sends a batch as rows: the ids,
   * and beside them `payloads`, the payloads' JSON text (untrusted; terapi binds it unparsed, PostgreSQL parses
   * it). Functions bundled before that send the records themselves. `rowsOf` (functions/sdk/record-batch.ts)
   * takes either.
   */
  batchSave(model: string, records: Record<string, unknown>[] | string[], payloads?: string): Promise<void>;
  batchUpdate(model: string, records: Record<string, unknown>[] | string[], payloads?: string): Promise<void>;
  batchDelete(model: string, records: { id: string }[]): Promise<void>;
  getCheckpoint(): Promise<Record<string, unknown> | null>;
  saveCheckpoint(c: Record<string, unknown>): Promise<void>;
  clearCheckpoint(): Promise<void>;
  /** Nango's deletion detection: records of `model` saved from now on in this run are marked seen. */
  trackDeletesStart(model: string): Promise<void>;
  /** Records of `model` not saved since trackDeletesStart in this run are deleted (call only after a complete read). */
  trackDeletesEnd(model: string): Promise<void>;
  /** Why this run ended as it did (e.g. stopped at the API reserve): shown in the sync status, the log and the sync webhook. */
  setRunNote(note: string): Promise<void>;
  lastSyncDate: Date | null;
}

/** The host methods a function may call by message; everything else on FunctionHost is data. */
export const HOST_METHODS = [
  'proxy',
  'getConnection',
  'getMetadata',
  'setMetadata',
  'updateMetadata',
  'log',
  'batchSave',
  'batchUpdate',
  'batchDelete',
  'getCheckpoint',
  'saveCheckpoint',
  'clearCheckpoint',
  'trackDeletesStart',
  'trackDeletesEnd',
  'setRunNote',
] as const;
export type HostMethod = (typeof HOST_METHODS)[number];

/** Where a host made by createConnectionHost says whose it is, so runFunction can fill `nango.connectionId`. */
export const HOST_CONTEXT = Symbol('terapi.functionHostContext');
export type HostWithContext = FunctionHost & { [HOST_CONTEXT]?: { connectionId: string; providerConfigKey: string } };
