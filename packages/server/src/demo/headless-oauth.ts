// The browser's part of the OAuth redirect flow, done over HTTP: terapi's /oauth/connect redirect, the
// provider's authorize page (which auto-approves on the simulator), and terapi's callback, carrying cookies
// as a browser does. The visit to the provider carries the provider's own host name (as a browser would),
// even when TERAPI_UPSTREAM_MAP sent the redirect to another origin. Used by `terapi demo` and by the tests.
import { request } from 'undici';

export interface HeadlessOAuthResult {
  authorizeUrl: string;
  callbackStatus: number;
  callbackHtml: string;
}

/**
 * The browser's cookie jar, as far as this flow needs one (RFC 6265 §5.3–5.4): cookies are kept per host name
 * (not port) and sent where their Path matches. terapi's callback completes only with the cookie its
 * /oauth/connect set (oauth/browser-binding.ts).
 */
class CookieJar {
  readonly #cookies: Array<{ host: string; path: string; name: string; value: string }> = [];

  store(url: string, setCookie: string | string[] | undefined): void {
    const host = new URL(url).hostname;
    for (const line of setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const path = attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='))?.slice(5) || '/';
      const name = pair.slice(0, eq).trim();
      const i = this.#cookies.findIndex((c) => c.host === host && c.path === path && c.name === name);
      if (i >= 0) this.#cookies.splice(i, 1);
      const maxAge = attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('max-age='));
      if (maxAge && Number(maxAge.slice(8)) <= 0) continue;
      this.#cookies.push({ host, path, name, value: pair.slice(eq + 1).trim() });
    }
  }

  header(url: string): string | undefined {
    const u = new URL(url);
    const matching = this.#cookies.filter((c) => c.host === u.hostname && (u.pathname === c.path || u.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)));
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }
}

async function get(jar: CookieJar, url: string, host?: string): Promise<{ status: number; location: string | undefined; text: string }> {
  const headers: Record<string, string> = {};
  if (host) headers.host = host;
  const cookie = jar.header(host ? `http://${host}/` : url);
  if (cookie) headers.cookie = cookie;
  const res = await request(url, { headers });
  jar.store(host ? `http://${host}/` : url, res.headers['set-cookie']);
  const location = res.headers.location;
  return { status: res.statusCode, location: Array.isArray(location) ? location[0] : location, text: await res.body.text() };
}

/** `connectUrl` is terapi's `/oauth/connect/…?connect_session_token=…` URL; `providerHost` the authorize URL's real host. */
export async function headlessOAuth(connectUrl: string, providerHost: string): Promise<HeadlessOAuthResult> {
  const jar = new CookieJar();
  const start = await get(jar, connectUrl);
  if (start.status !== 302 || !start.location) throw new Error(`/oauth/connect answered ${start.status}: ${start.text.slice(0, 300)}`);
  const authorize = await get(jar, start.location, providerHost);
  if (authorize.status !== 302 || !authorize.location) throw new Error(`the provider's authorize page answered ${authorize.status}: ${authorize.text.slice(0, 300)}`);
  const callback = await get(jar, authorize.location);
  return { authorizeUrl: start.location, callbackStatus: callback.status, callbackHtml: callback.text };
}
