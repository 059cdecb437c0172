// What the operation log records (issue 12 point 5): one `kind` per operation terapi performs. The logs API
// filters on these values and the dashboard names them; a new operation gets a kind here first.
import { storableText } from '../database/storable-text.js';
export const OPERATION_KINDS = [
  /** A call to a provider through the proxy (from `/proxy` or a function's `nango.proxy()`). */
  'proxy',
  /** The end of an auth flow: OAuth callback, client credentials, two-step, JWT bearer, import. */
  'connect',
  /** A token refresh, successful or not. */
  'refresh',
  /** A sync run, from its start to its end. */
  'sync',
  /** An action run (synchronous or async). */
  'action',
  /** One attempt at delivering a webhook to the app. */
  'webhook_delivery',
  /** A webhook received from a provider (webhooks/ ingress). */
  'webhook_incoming',
] as const;

export type OperationKind = (typeof OPERATION_KINDS)[number];

export const OPERATION_STATUSES = ['success', 'failed'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** Free text that reaches a row (an error message, a function's error) is cut here: a row stays small. */
export const OPERATION_TEXT_MAX = 1000;

/** Cut to `max` and storable (a NUL from a function's error would otherwise cost the whole batch). */
export function clippedText(text: string, max = OPERATION_TEXT_MAX): string {
  return storableText(text.length > max ? `${text.slice(0, max)}…` : text);
}
