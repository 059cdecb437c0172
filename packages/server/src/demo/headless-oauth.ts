// The browser's part of the OAuth redirect flow, done over HTTP: terapi's /oauth/connect redirect, the
// provider's authorize page (which auto-approves on the simulator), and terapi's callback. The visit to the
// provider carries the provider's own host name (as a browser would), even when TERAPI_UPSTREAM_MAP sent
// the redirect to another origin. Used by `terapi demo` and by the tests.
import { request } from 'undici';

export interface HeadlessOAuthResult {
  authorizeUrl: string;
  callbackStatus: number;
  callbackHtml: string;
}

async function get(url: string, host?: string): Promise<{ status: number; location: string | undefined; text: string }> {
  const res = await request(url, host ? { headers: { host } } : {});
  const location = res.headers.location;
  return { status: res.statusCode, location: Array.isArray(location) ? location[0] : location, text: await res.body.text() };
}

/** `connectUrl` is terapi's `/oauth/connect/…?connect_session_token=…` URL; `providerHost` the authorize URL's real host. */
export async function headlessOAuth(connectUrl: string, providerHost: string): Promise<HeadlessOAuthResult> {
  const start = await get(connectUrl);
  if (start.status !== 302 || !start.location) throw new Error(`/oauth/connect answered ${start.status}: ${start.text.slice(0, 300)}`);
  const authorize = await get(start.location, providerHost);
  if (authorize.status !== 302 || !authorize.location) throw new Error(`the provider's authorize page answered ${authorize.status}: ${authorize.text.slice(0, 300)}`);
  const callback = await get(authorize.location);
  return { authorizeUrl: start.location, callbackStatus: callback.status, callbackHtml: callback.text };
}
