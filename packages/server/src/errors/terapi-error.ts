import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface ValidationIssue {
  code: string;
  message: string;
  path: string[];
}

export interface TerapiErrorOptions {
  /** Overrides the registry's status where the Nango API answers differently for the same code (nango-api.md §13.9). */
  status?: number;
  /** Sent to the client as `payload`. Never put secrets here. */
  payload?: unknown;
  /** Sent to the client as `errors` (validation). */
  errors?: ValidationIssue[];
  /** Logged only, never sent (STYLE.md habit 11). */
  detail?: unknown;
  cause?: unknown;
}

/** The one error type: a stable code, an HTTP status and a public message that says what to do. */
export class TerapiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly payload: unknown;
  readonly errors: ValidationIssue[] | undefined;
  readonly detail: unknown;

  constructor(code: ErrorCode, message?: string, opts: TerapiErrorOptions = {}) {
    super(message ?? ERROR_CODES[code].message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'TerapiError';
    this.code = code;
    this.status = opts.status ?? ERROR_CODES[code].status;
    this.payload = opts.payload;
    this.errors = opts.errors;
    this.detail = opts.detail;
  }

  toBody(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.errors) error.errors = this.errors;
    if (this.payload !== undefined) error.payload = this.payload;
    return { error };
  }
}
