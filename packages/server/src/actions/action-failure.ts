// How a failed action run answers (nango-api.md §10.1): an ActionError is 500 action_script_failure with the
// action's payload; an upstream HTTP error escaping the script is 424 script_http_error with `payload` and
// `upstream` and no message; schema mismatches are invalid_action_input (400) / invalid_action_output (500);
// a timeout, memory limit, exit or throw is action_script_failure with the runner's explanation.
import { TerapiError } from '../errors/terapi-error.js';
import { errorResponse, type ErrorResponse } from '../errors/error-body.js';
import type { RunFunctionResult } from '../functions/runner/run-function.js';

type Failure = Extract<RunFunctionResult, { ok: false }>['error'];

export function actionFailureResponse(error: Failure): ErrorResponse {
  return errorResponse(actionFailureError(error));
}

function actionFailureError(error: Failure): TerapiError {
  switch (error.code) {
    case 'script_http_error': {
      const p = (error.payload ?? {}) as { status?: number; headers?: Record<string, string>; data?: unknown };
      return new TerapiError('script_http_error', undefined, { payload: p.data ?? null, upstream: { status: p.status, headers: p.headers ?? {} } });
    }
    case 'invalid_input':
      return new TerapiError('invalid_action_input.schema', { reason: error.message }, { errors: (error.payload ?? []) as never });
    case 'invalid_output':
      return new TerapiError('invalid_action_output.schema', { reason: error.message }, { errors: (error.payload ?? []) as never });
    case 'action_error':
      return new TerapiError('action_script_failure.script_error', { reason: error.message }, { payload: error.payload ?? {} });
    default:
      return new TerapiError('action_script_failure.script_error', { reason: error.message }, { payload: { type: error.code } });
  }
}
