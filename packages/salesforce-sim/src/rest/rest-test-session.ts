import { requestAsHost, type HostResponse } from '../hosts/request-as-host.js';
import { authorizeForCode } from '../oauth/oauth-test-flow.js';
import type { SimOrg } from '../salesforce-sim.js';
import type { RunningSalesforceSim } from '../start-salesforce-sim.js';

/**
 * A REST session on one org of a running simulator, obtained through the real web server flow. Used by the
 * REST and Bulk tests; `call` sends to the org's My Domain unless another host is named.
 */
export interface RestTestSession {
  org: SimOrg;
  token: string;
  call(method: string, path: string, opts?: { body?: unknown; headers?: Record<string, string>; host?: string }): Promise<HostResponse>;
}

export async function openRestSession(running: RunningSalesforceSim, org: SimOrg): Promise<RestTestSession> {
  const app = org.apps[0]!;
  const loginHost = org.sandbox ? 'test.salesforce.com' : 'login.salesforce.com';
  const { query } = await authorizeForCode(running.origin, loginHost, app);
  const code = query.get('code');
  if (!code) throw new Error(`authorize gave no code: ${query.toString()}`);
  const res = await requestAsHost(running.origin, loginHost, '/services/oauth2/token', {
    form: { grant_type: 'authorization_code', code, client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: app.callbackUrls[0]! },
  });
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${res.text}`);
  const token = res.json<{ access_token: string }>().access_token;
  return {
    org,
    token,
    call: (method, path, opts = {}) =>
      requestAsHost(running.origin, opts.host ?? org.myDomain, path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
      }),
  };
}

/** The default production org (`acme`) of a running simulator. */
export function productionOrg(running: RunningSalesforceSim): SimOrg {
  const org = [...running.sim.orgs.values()].find((o) => !o.sandbox);
  if (!org) throw new Error('no production org');
  return org;
}

export function sandboxOrg(running: RunningSalesforceSim): SimOrg {
  const org = [...running.sim.orgs.values()].find((o) => o.sandbox);
  if (!org) throw new Error('no sandbox org');
  return org;
}
