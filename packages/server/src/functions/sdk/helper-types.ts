// The `nango` helper a function's exec receives (issue 6 §1), typed by the function's own schemas.
import type { z } from 'zod';
import type { ActionError } from './action-error.js';
import type { UpstreamResponse } from './upstream-http-error.js';

export interface CursorPagination {
  type: 'cursor';
  cursor_path_in_response: string;
  cursor_name_in_request: string;
  limit?: number;
  limit_name_in_request?: string;
  response_path?: string;
}

/** The next page's URL comes from the `Link` header (RFC 8288 rel) or a path in the body (e.g. Salesforce `nextRecordsUrl`). */
export interface LinkPagination {
  type: 'link';
  link_rel_in_response_header?: string;
  link_path_in_response_body?: string;
  limit?: number;
  limit_name_in_request?: string;
  response_path?: string;
}

export interface OffsetPagination {
  type: 'offset';
  offset_name_in_request: string;
  offset_start_value?: number;
  /** per-page: offset grows by one per page; by-response-size (default): by the number of records received. */
  offset_calculation_method?: 'per-page' | 'by-response-size';
  limit?: number;
  limit_name_in_request?: string;
  response_path?: string;
}

export interface PagePagination {
  type: 'page';
  page_name_in_request: string;
  page_start_value?: number;
  limit?: number;
  limit_name_in_request?: string;
  response_path?: string;
}

export type Pagination = CursorPagination | LinkPagination | OffsetPagination | PagePagination;

export interface ProxyConfiguration {
  endpoint: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'get' | 'post' | 'put' | 'patch' | 'delete';
  headers?: Record<string, string>;
  /** Arrays are sent comma-separated. */
  params?: string | Record<string, string | number | string[] | number[]>;
  data?: unknown;
  /** Default 3 for helper calls (issue 6 §1: "through terapi's proxy, with its retries"). */
  retries?: number;
  /** Status codes to retry for any method (e.g. [409] for a POST known to be idempotent). */
  retryOn?: number[];
  baseUrlOverride?: string;
  paginate?: Pagination;
  /** Accepted for Nango compatibility; the connection is always the function's own. */
  providerConfigKey?: string;
  connectionId?: string;
}

export type LogArgs = [message: unknown, ...rest: unknown[]];

export interface ActionHelper<Meta = Record<string, unknown>> {
  readonly connectionId: string;
  readonly providerConfigKey: string;
  readonly ActionError: typeof ActionError;
  proxy<T = any>(config: ProxyConfiguration): Promise<UpstreamResponse<T>>;
  get<T = any>(config: ProxyConfiguration): Promise<UpstreamResponse<T>>;
  post<T = any>(config: ProxyConfiguration): Promise<UpstreamResponse<T>>;
  put<T = any>(config: ProxyConfiguration): Promise<UpstreamResponse<T>>;
  patch<T = any>(config: ProxyConfiguration): Promise<UpstreamResponse<T>>;
  delete<T = any>(config: ProxyConfiguration): Promise<UpstreamResponse<T>>;
  paginate<T = any>(config: ProxyConfiguration & { paginate: Pagination }): AsyncGenerator<T[], undefined, void>;
  getConnection(): Promise<Record<string, any>>;
  /** As in Nango: the access token for OAuth2 connections, otherwise the whole credentials object. */
  getToken(): Promise<string | Record<string, any>>;
  getMetadata<T = Meta>(): Promise<T>;
  setMetadata(metadata: Partial<Meta> & Record<string, unknown>): Promise<void>;
  updateMetadata(metadata: Partial<Meta> & Record<string, unknown>): Promise<void>;
  /** `log(message, ...data)`; a last argument `{ level: 'debug'|'info'|'warn'|'error' }` sets the level, as in Nango. */
  log(...args: LogArgs): void;
}

type ModelName<M> = Extract<keyof M, string>;
type RecordOf<M, K extends keyof M> = M[K] extends z.ZodType ? z.input<M[K]> : Record<string, unknown>;

export interface SyncHelper<M = Record<string, z.ZodType>, Meta = Record<string, unknown>, Ck = Record<string, unknown>> extends ActionHelper<Meta> {
  /** When the last successful run started; null on the first run (and after a reset). */
  readonly lastSyncDate: Date | null;
  /** Saves (inserts or updates) records of a model; invalid records are reported with their id and field, and skipped. */
  batchSave<K extends ModelName<M>>(results: RecordOf<M, K>[], model: K): Promise<boolean>;
  batchUpdate<K extends ModelName<M>>(results: Partial<RecordOf<M, K>>[], model: K): Promise<boolean>;
  batchDelete<K extends ModelName<M>>(results: { id: string | number }[], model: K): Promise<boolean>;
  getCheckpoint(): Promise<Ck | null>;
  saveCheckpoint(checkpoint: Ck): Promise<void>;
  clearCheckpoint(): Promise<void>;
  /** As in Nango: from now on in this run, saved records of `model` are marked seen. */
  trackDeletesStart<K extends ModelName<M>>(model: K): Promise<void>;
  /** As in Nango: records of `model` not saved since trackDeletesStart in this run are deleted. Call only after reading everything. */
  trackDeletesEnd<K extends ModelName<M>>(model: K): Promise<void>;
  /**
   * terapi's own (not in Nango): why this run ended as it did, e.g. "stopped at the API reserve, resumes at the next
   * run". The run still succeeds; the note shows in the sync status (`latestNote`), the run's log row and the sync webhook (`note`).
   */
  setRunNote(note: string): Promise<void>;
}
