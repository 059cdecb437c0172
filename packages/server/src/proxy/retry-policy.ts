// When a proxied request is tried again, and after how long (issue 5 point 3; spec/salesforce.md §6).
// Idempotent methods (RFC 9110 §9.2.2) are retried on rate limits, unavailability and connection resets;
// the others only on failures that prove the request never reached the server, unless the caller names
// the status in Retry-On (nango-api.md §7), which is its promise that a replay is safe.

/** RFC 9110 §9.2.2. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** 429 Too Many Requests (RFC 6585 §4) and 503 Service Unavailable (RFC 9110 §15.6.4) ask the client to come back. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Socket errors raised before the request was written: the server cannot have seen it. */
const NEVER_SENT_ERRORS: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The connection broke mid-exchange: the server may or may not have acted. */
const CONNECTION_LOST_ERRORS: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export const BACKOFF_BASE_MS = 200;
export const BACKOFF_CAP_MS = 10_000;
/** A Retry-After longer than this is not waited for: the answer goes back to the caller. */
export const RETRY_AFTER_CAP_MS = 60_000;

export type RetryReason = 'rate_limited' | 'unavailable' | 'connection_reset' | 'not_sent' | 'retry_on';

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method);
}

export function errorCodeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NEVER_SENT_ERRORS.has(code) || CONNECTION_LOST_ERRORS.has(code))) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Why a network failure may be retried, or undefined when it may not. */
export function retryReasonForError(err: unknown, method: string, callerOptedIn: boolean): RetryReason | undefined {
  const code = errorCodeOf(err);
  if (!code) return undefined;
  if (NEVER_SENT_ERRORS.has(code)) return 'not_sent';
  return isIdempotent(method) || callerOptedIn ? 'connection_reset' : undefined;
}

/** Why an upstream answer may be retried, or undefined. `rateLimited` is the provider hook's verdict on the body. */
export function retryReasonForStatus(status: number, method: string, retryOn: ReadonlySet<number>, rateLimited: boolean): RetryReason | undefined {
  if (retryOn.has(status)) return 'retry_on';
  if (!isIdempotent(method)) return undefined;
  if (status === 429 || rateLimited) return 'rate_limited';
  if (RETRYABLE_STATUSES.has(status)) return 'unavailable';
  return undefined;
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with "equal jitter" (half fixed, half random) (attempt 0 = first retry), or the server's Retry-After when it gave one. */
export function backoffMs(attempt: number, retryAfter: number | undefined, base = BACKOFF_BASE_MS, random = Math.random): number {
  if (retryAfter !== undefined) return retryAfter;
  const ceiling = Math.min(BACKOFF_CAP_MS, base * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
