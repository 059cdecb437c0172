// The one serializer of error responses (STYLE.md habit 11): every `{ error: … }` body terapi sends — the
// HTTP error handler, the parser's refusals, stored action failures — is written here from a TerapiError,
// so its code is registered and its message comes from the registry's template.
// error-registry.unit.test.ts fails when a body is built by hand elsewhere.
import type { TerapiError } from './terapi-error.js';
import { errorDefinitionOf } from './error-registry.js';

export interface ErrorBody {
  error: Record<string, unknown>;
}

/** A response an error answers with: its status and body. */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
}

export function errorBody(err: TerapiError): ErrorBody {
  const error: Record<string, unknown> = { code: err.code };
  if (errorDefinitionOf(err.code).wireMessage !== false) error.message = err.message;
  if (err.errors) error.errors = err.errors;
  if (err.payload !== undefined) error.payload = err.payload;
  if (err.upstream !== undefined) error.upstream = err.upstream;
  return { error };
}

export function errorResponse(err: TerapiError): ErrorResponse {
  return { status: err.status, body: errorBody(err) };
}
