import { renderTemplate, type ParamValue } from './error-definition.js';
import { resolveErrorKey, type ErrorCode, type ErrorKey, type ErrorParams, type NeedsParams } from './error-registry.js';

export interface ValidationIssue {
  code: string;
  message: string;
  path: string[];
}

export interface TerapiErrorOptions {
  /** Sent to the client as `payload`. Never put secrets here. */
  payload?: unknown;
  /** Sent to the client as `errors` (validation). */
  errors?: ValidationIssue[];
  /** Sent to the client as `upstream`: the status and headers of the provider's answer (script_http_error). */
  upstream?: { status: number | undefined; headers: Record<string, string> };
  /** Logged only, never sent (STYLE.md habit 11). */
  detail?: unknown;
  cause?: unknown;
}

/** What a throw site passes after the key: the template's parameters when it has any, then options. */
export type TerapiErrorArgs<K extends ErrorKey> = NeedsParams<K> extends true
  ? [params: ErrorParams<K>, opts?: TerapiErrorOptions]
  : [params?: undefined, opts?: TerapiErrorOptions];

/**
 * The one error type: a registered code (with an optional situation), the code's status and the message
 * its template makes of the throw site's parameters. Throw sites pass values, never message text; the
 * body on the wire is written by errors/error-body.ts alone.
 */
export class TerapiError<K extends ErrorKey = ErrorKey> extends Error {
  readonly key: K;
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: Readonly<Record<string, ParamValue>> | undefined;
  readonly payload: unknown;
  readonly errors: ValidationIssue[] | undefined;
  readonly upstream: TerapiErrorOptions['upstream'];
  readonly detail: unknown;

  constructor(key: K, ...[params, opts = {}]: TerapiErrorArgs<K>) {
    const { code, status, template } = resolveErrorKey(key);
    const values = params as Readonly<Record<string, ParamValue>> | undefined;
    super(renderTemplate(template, values), opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'TerapiError';
    this.key = key;
    this.code = code;
    this.status = status;
    this.params = values;
    this.payload = opts.payload;
    this.errors = opts.errors;
    this.upstream = opts.upstream;
    this.detail = opts.detail;
  }

  /** The same error with more options (e.g. a payload a caller adds); key, status and message stay. */
  with(opts: TerapiErrorOptions): TerapiError<K> {
    const args = [this.params, { payload: this.payload, errors: this.errors, upstream: this.upstream, detail: this.detail, cause: this.cause, ...opts }] as unknown as TerapiErrorArgs<K>;
    return new TerapiError(this.key, ...args);
  }
}
