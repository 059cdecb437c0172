// Binds an OAuth session to the browser that started it (RFC 6749 §10.12, RFC 9700 §4.7.1): /oauth/connect
// sets the cookie `oauth2-<state>` (nango-api.md §3.4) whose value is a MAC of the state, and /oauth/callback
// completes only when the same browser sends it back. Without it, whoever holds a callback URL (a leaked
// code and state, or a victim sent to the authorize URL of a flow the attacker started) could finish the flow.
// The value is a secret, not `1`: a replay that sets its own Cookie header must not be able to forge it.
import type { FastifyRequest } from 'fastify';
import { constantTimeEqual, type SecretBox } from '../crypto/secret-box.js';

const PURPOSE = 'oauth browser binding';

export const bindingCookieName = (state: string) => `oauth2-${state}`;

export function bindingFor(box: SecretBox, state: string): string {
  return box.mac(PURPOSE, state);
}

/**
 * The Set-Cookie of /oauth/connect. SameSite=Lax: the callback is a top-level GET navigation from the
 * provider's site, which Lax cookies accompany, while cross-site subrequests do not carry it. Path=/oauth
 * keeps it off every other route; Secure whenever terapi is served over https.
 */
export function bindingCookie(box: SecretBox, state: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return `${bindingCookieName(state)}=${bindingFor(box, state)}; Path=/oauth; Max-Age=${opts.maxAgeSeconds}; HttpOnly; SameSite=Lax${opts.secure ? '; Secure' : ''}`;
}

/** The Set-Cookie that removes the binding once the callback has used it. */
export function clearedBindingCookie(state: string, opts: { secure: boolean }): string {
  return `${bindingCookieName(state)}=; Path=/oauth; Max-Age=0; HttpOnly; SameSite=Lax${opts.secure ? '; Secure' : ''}`;
}

/** Whether the request carries the binding cookie of `state` with the right value (RFC 6265 §5.4 Cookie header). */
export function isBoundBrowser(box: SecretBox, req: FastifyRequest, state: string): boolean {
  const header = req.headers.cookie;
  if (!header) return false;
  const name = bindingCookieName(state);
  const expected = bindingFor(box, state);
  return header.split(';').some((pair) => {
    const eq = pair.indexOf('=');
    return eq > 0 && pair.slice(0, eq).trim() === name && constantTimeEqual(pair.slice(eq + 1).trim(), expected);
  });
}
