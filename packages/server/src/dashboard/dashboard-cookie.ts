// The dashboard session cookie: HttpOnly (scripts never read it), SameSite=Strict (no other site's page
// sends it), Secure when terapi is served over https, Path=/ (the dashboard calls the ordinary API).
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyRequest } from 'fastify';

export const DASHBOARD_COOKIE = 'terapi_dashboard';

export function dashboardCookieOf(req: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parseCookie(header)[DASHBOARD_COOKIE];
  return value === '' ? undefined : value;
}

export function sessionSetCookie(token: string, expiresAt: Date, serverUrl: string): string {
  return stringifySetCookie({ name: DASHBOARD_COOKIE, value: token, expires: expiresAt, path: '/', httpOnly: true, sameSite: 'strict', secure: serverUrl.startsWith('https:') });
}

export function clearSessionCookie(serverUrl: string): string {
  return stringifySetCookie({ name: DASHBOARD_COOKIE, value: '', expires: new Date(0), path: '/', httpOnly: true, sameSite: 'strict', secure: serverUrl.startsWith('https:') });
}
