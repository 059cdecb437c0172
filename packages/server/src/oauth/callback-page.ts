// The page /oauth/callback answers with (nango-api.md §3.5): it tells the opener (postMessage, target '*')
// and a BroadcastChannel 'nango-oauth-callback', waits for Connect UI's ack, closes itself after 500 ms on
// success and stays open with the details on error. Status 200 on success, 400 on error.

import type { TerapiError } from '../errors/terapi-error.js';

export interface CallbackError {
  message: string;
  errorType: string;
}

/**
 * The page's error from a registered error: its message, and its code as the WebSocket `error_type` unless
 * Nango names that situation otherwise (nango-api.md §3.4, e.g. `unknown_config_key`).
 */
export function callbackErrorOf(err: TerapiError, errorType: string = err.code): CallbackError {
  return { message: err.message, errorType };
}

/** JSON safe inside an inline <script> (no </script>, no HTML entities, no JS line terminators). */
export function inlineScriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function callbackPage(error: CallbackError | null): string {
  const title = error ? 'Authorization failed' : 'Authorization succeeded';
  const details = error ? `<p>${escapeHtml(error.message)}</p><p><code>${escapeHtml(error.errorType)}</code></p>` : '<p>You can close this window.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:32rem;padding:0 1rem;color:#1d2733}h1{font-size:1.3rem}code{background:#f2f4f7;padding:.1rem .3rem;border-radius:4px}</style>
</head><body><h1>${title}</h1>${details}
<script>
(function () {
  var error = ${inlineScriptJson(error)};
  var message = error ? { type: 'nango_oauth_callback_error', payload: { message: error.message, errorType: error.errorType } } : { type: 'nango_oauth_callback_success' };
  var channel = null;
  try { channel = new BroadcastChannel('nango-oauth-callback'); channel.postMessage(message); } catch (e) {}
  try { if (window.opener) window.opener.postMessage(message, '*'); } catch (e) {}
  window.addEventListener('message', function (event) {
    if (event.data && event.data.type === 'nango_oauth_callback_ack') window.close();
  });
  if (channel) channel.onmessage = function (event) {
    if (event.data && event.data.type === 'nango_oauth_callback_ack') window.close();
  };
  if (!error) setTimeout(function () { window.close(); }, 500);
})();
</script></body></html>`;
}
