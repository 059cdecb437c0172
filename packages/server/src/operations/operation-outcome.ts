// The common shape of a recorded outcome: success, or failed with the registry's code and its message (the
// message is the one the API would answer: it says what to do, and never holds a secret — STYLE.md habit 11).
import { TerapiError } from '../errors/terapi-error.js';
import { clippedText } from './operation-kinds.js';

export interface RecordedError {
  error_code: string;
  /** The registry's message: what went wrong and what to do. */
  error_message: string;
}

/** An error as a row holds it: a TerapiError keeps its code and message; anything else is `server_error`. */
export function recordedError(err: unknown): RecordedError {
  if (err instanceof TerapiError) return { error_code: err.code, error_message: clippedText(err.message) };
  return { error_code: 'server_error', error_message: 'An unexpected error; the server log has the detail.' };
}

export function durationMs(startedAt: Date, endedAt: Date): number {
  return endedAt.getTime() - startedAt.getTime();
}
