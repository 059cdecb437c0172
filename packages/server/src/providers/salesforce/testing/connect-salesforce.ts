// For integration tests and benchmarks: a Salesforce connection made the way an end user makes one —
// integration, connect session, /oauth/connect, the simulator's authorize endpoint, /oauth/callback —
// following each redirect by hand over real loopback HTTP.
import type { RunningSalesforceSim } from '@terapi/salesforce-sim';
import { headlessOAuth } from '../../../demo/headless-oauth.js';
import type { TestTerapi } from '../../../testing/test-terapi.js';
import { interpolate } from '../../template.js';

export interface SalesforceConnectionOptions {
  /** The catalog provider: salesforce (default) or salesforce-sandbox, salesforce-experience-cloud. */
  provider?: string;
  /** Integration unique key; default = provider. Created if missing. */
  integrationKey?: string;
  /** The simulator app to use; default: the first app of the first org matching `sandbox`. */
  app?: { clientId: string; clientSecret: string };
  sandbox?: boolean;
  /** connection_config params sent as params[...] (e.g. { hostname: 'acme.my.salesforce.com' }). */
  params?: Record<string, string>;
  scopes?: string;
  endUserId?: string;
  /** A connect session the caller made (e.g. through @nangohq/node); default: one made here over HTTP. */
  connectSessionToken?: string;
}

export interface OAuthJourney {
  /** Status and body of terapi's callback page. */
  callbackStatus: number;
  callbackHtml: string;
  /** The URL terapi redirected the browser to (the provider's authorize URL, rewritten to the simulator). */
  authorizeUrl: string;
  connectionId: string | undefined;
}

/** Runs the browser part of the OAuth flow and returns what the end user would have seen. */
export async function runSalesforceOAuth(t: TestTerapi, sim: RunningSalesforceSim, opts: SalesforceConnectionOptions = {}): Promise<OAuthJourney> {
  const provider = opts.provider ?? 'salesforce';
  const key = opts.integrationKey ?? provider;
  const summary = sim.summary();
  const org = summary.orgs.find((o) => o.sandbox === (opts.sandbox ?? provider.endsWith('-sandbox'))) ?? summary.orgs[0]!;
  const app = opts.app ?? org.apps[0]!;
  const existing = await t.api(`/integrations/${encodeURIComponent(key)}`);
  if (existing.status === 404) {
    const created = await t.api('/integrations', {
      method: 'POST',
      json: { provider, unique_key: key, credentials: { type: 'OAUTH2', client_id: app.clientId, client_secret: app.clientSecret, scopes: opts.scopes ?? 'api,refresh_token' } },
    });
    if (created.status !== 200) throw new Error(`integration create failed: ${created.status} ${await created.text()}`);
  }
  let token = opts.connectSessionToken;
  if (token === undefined) {
    const session = await t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: opts.endUserId ?? 'user-1' }, allowed_integrations: [key] } });
    if (session.status !== 201) throw new Error(`connect session failed: ${session.status} ${await session.text()}`);
    token = ((await session.json()) as { data: { token: string } }).data.token;
  }
  const qs = new URLSearchParams({ connect_session_token: token });
  for (const [k, v] of Object.entries(opts.params ?? {})) qs.set(`params[${k}]`, v);
  const providerDef = t.services.catalog.get(provider);
  const providerHost = new URL(interpolate(providerDef!.authorization_url!, { connectionConfig: opts.params ?? {} })).host;
  const journey = await headlessOAuth(`${t.url}/oauth/connect/${encodeURIComponent(key)}?${qs}`, providerHost);
  const list = (await (await t.api(`/connections?integrationId=${encodeURIComponent(key)}&endUserId=${encodeURIComponent(opts.endUserId ?? 'user-1')}`)).json()) as { connections: { connection_id: string }[] };
  return { ...journey, connectionId: list.connections[0]?.connection_id };
}

/** A working Salesforce connection; throws when the journey fails. */
export async function connectSalesforce(t: TestTerapi, sim: RunningSalesforceSim, opts: SalesforceConnectionOptions = {}): Promise<{ connectionId: string; providerConfigKey: string }> {
  const journey = await runSalesforceOAuth(t, sim, opts);
  if (journey.callbackStatus !== 200 || !journey.connectionId) throw new Error(`OAuth journey failed (${journey.callbackStatus}): ${journey.callbackHtml.slice(0, 500)}`);
  return { connectionId: journey.connectionId, providerConfigKey: opts.integrationKey ?? opts.provider ?? 'salesforce' };
}
