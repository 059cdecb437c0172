// How a failed action run answers (nango-api.md §10.1): an ActionError is 500 action_script_failure with the
// action's payload; an upstream HTTP error escaping the script is 424 script_http_error with `payload` and
// `upstream` and no message; schema mismatches are invalid_action_input (400) / invalid_action_output (500);
// a timeout, memory limit, exit or throw is action_script_failure with the runner's explanation.
import { ERROR_CODES } from '../errors/error-codes.js';
import type { RunFunctionResult } from '../functions/runner/run-function.js';

type Failure = Extract<RunFunctionResult, { ok: false }>['error'];

export function actionFailureResponse(error: Failure): { status: number; body: { error: Record<string, unknown> } } {
  switch (error.code) {
    case 'script_http_error': {
      const p = (error.payload ?? {}) as { status?: number; headers?: Record<string, string>; data?: unknown };
      return { status: ERROR_CODES.script_http_error.status, body: { error: { code: 'script_http_error', payload: p.data ?? null, upstream: { status: p.status, headers: p.headers ?? {} } } } };
    }
    case 'invalid_input':
      return { status: ERROR_CODES.invalid_action_input.status, body: { error: { code: 'invalid_action_input', message: error.message, errors: error.payload ?? [] } } };
    case 'invalid_output':
      return { status: ERROR_CODES.invalid_action_output.status, body: { error: { code: 'invalid_action_output', message: error.message, errors: error.payload ?? [] } } };
    case 'action_error':
      return { status: 500, body: { error: { code: 'action_script_failure', message: `The action script failed with an error: ${error.message}`, payload: error.payload ?? {} } } };
    default:
      return { status: 500, body: { error: { code: 'action_script_failure', message: `The action script failed with an error: ${error.message}`, payload: { type: error.code } } } };
  }
}
