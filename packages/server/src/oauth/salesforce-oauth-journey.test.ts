// Issue 2's whole journey: integration → connect session → /oauth/connect → the simulator → /oauth/callback
// → the connection with instance_url, org id and user id; once through plain HTTP, once through @nangohq/node.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Nango } from '@nangohq/node';
import pg from 'pg';
import type { RunningSalesforceSim } from '@terapi/salesforce-sim';
import type { TestTerapi } from '../testing/test-terapi.js';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce, runSalesforceOAuth } from '../providers/salesforce/testing/connect-salesforce.js';

describe('a Salesforce connection through OAuth, end to end', () => {
  let t: TestTerapi;
  let sim: RunningSalesforceSim;
  let env: TerapiWithSim;
  before(async () => {
    env = await startTerapiWithSalesforceSim();
    ({ t, sim } = env);
  });
  after(() => env?.close());

  test('plain HTTP: the redirect carries state and PKCE S256, and the connection knows its org', async () => {
    const journey = await runSalesforceOAuth(t, sim);
    const authorize = new URL(journey.authorizeUrl);
    assert.equal(authorize.origin, sim.origin, 'the browser redirect is rewritten to the simulator by TERAPI_UPSTREAM_MAP');
    assert.equal(authorize.pathname, '/services/oauth2/authorize');
    const q = authorize.searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('redirect_uri'), `${t.url}/oauth/callback`);
    assert.equal(q.get('prompt'), 'consent');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.match(q.get('state') ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(q.get('scope')!.split(' ').sort(), ['api', 'offline_access', 'refresh_token']);
    assert.equal(journey.callbackStatus, 200);
    assert.match(journey.callbackHtml, /nango_oauth_callback_success/);
    assert.match(journey.callbackHtml, /nango-oauth-callback/);

    const res = await t.api(`/connections/${journey.connectionId}?provider_config_key=salesforce&force_refresh=false&refresh_token=false&refresh_github_app_jwt_token=false`);
    assert.equal(res.status, 200);
    const c = (await res.json()) as { connection_config: Record<string, string>; credentials: Record<string, unknown>; provider: string; end_user: { id: string } };
    const org = sim.summary().orgs.find((o) => !o.sandbox)!;
    assert.equal(c.provider, 'salesforce');
    assert.equal(c.connection_config.instance_url, `https://${org.myDomain}`);
    assert.equal(c.connection_config.org_id, org.id);
    assert.equal(c.connection_config.user_id, org.users[0]!.id);
    assert.equal(c.credentials.type, 'OAUTH2');
    assert.match(String(c.credentials.access_token), /^00D[A-Za-z0-9]{12}!/);
    assert.equal(c.credentials.refresh_token, undefined, 'refresh tokens are stripped by default');
    const keys: string[] = [];
    const walk = (v: unknown) => {
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (keys.push(k), walk(x));
    };
    walk(c);
    assert.equal(keys.includes('refresh_token'), false, 'no refresh_token key at any depth');
    assert.equal(c.end_user.id, 'user-1');

    const withRefresh = (await (await t.api(`/connections/${journey.connectionId}?provider_config_key=salesforce&refresh_token=true`)).json()) as { credentials: Record<string, unknown> };
    assert.equal(typeof withRefresh.credentials.refresh_token, 'string');
  });

  test('@nangohq/node: the same journey, read back with getConnection and getToken', async () => {
    const nango = new Nango({ host: t.url, secretKey: t.devSecretKey });
    await nango.createIntegration({ provider: 'salesforce', unique_key: 'sf-node', credentials: { type: 'OAUTH2', client_id: sim.summary().orgs[0]!.apps[0]!.clientId, client_secret: sim.summary().orgs[0]!.apps[0]!.clientSecret, scopes: 'api,refresh_token' } } as never);
    const session = await nango.createConnectSession({ end_user: { id: 'node-user' }, allowed_integrations: ['sf-node'] });
    assert.match(session.data.token, /^nango_connect_session_[0-9a-f]{64}$/);
    // The browser part runs on the session @nangohq/node created, as an app's frontend would.
    const { connectionId } = await connectSalesforce(t, sim, { integrationKey: 'sf-node', endUserId: 'node-user', connectSessionToken: session.data.token });
    const conn = await nango.getConnection('sf-node', connectionId);
    assert.equal((conn as unknown as { connection_config: { instance_url: string } }).connection_config.instance_url.startsWith('https://'), true);
    const token = await nango.getToken('sf-node', connectionId);
    assert.match(String(token), /^00D/);
    const list = await nango.listConnections();
    assert.ok(list.connections.some((c) => c.connection_id === connectionId));
    const meta = await nango.setMetadata('sf-node', connectionId, { region: 'emea' });
    assert.ok(meta);
    assert.deepEqual(await nango.getMetadata('sf-node', connectionId), { region: 'emea' });
    await nango.updateMetadata('sf-node', connectionId, { tier: 'gold' });
    assert.deepEqual(await nango.getMetadata('sf-node', connectionId), { region: 'emea', tier: 'gold' });
  });

  test('a sandbox connection exchanges its code at test.salesforce.com', async () => {
    await sim.control.resetRequestLog();
    const { connectionId } = await connectSalesforce(t, sim, { provider: 'salesforce-sandbox', endUserId: 'sandbox-user' });
    const log = await sim.control.requestLog();
    const exchange = log.requests.filter((r) => r.endpoint === 'oauth2.token:authorization_code');
    assert.equal(exchange.length, 1);
    assert.equal(exchange[0]!.host, 'test.salesforce.com');
    const c = (await (await t.api(`/connections/${connectionId}?provider_config_key=salesforce-sandbox`)).json()) as { connection_config: Record<string, string> };
    assert.equal(c.connection_config.instance_url, `https://${sim.summary().orgs.find((o) => o.sandbox)!.myDomain}`);
  });

  test('the database holds no access token, refresh token or client secret in clear', async () => {
    const { connectionId } = await connectSalesforce(t, sim, { endUserId: 'dump-user' });
    const full = (await (await t.api(`/connections/${connectionId}?provider_config_key=salesforce&refresh_token=true`)).json()) as { credentials: { access_token: string; refresh_token: string } };
    const secret = sim.summary().orgs[0]!.apps[0]!.clientSecret;
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public'`);
      let dump = '';
      for (const { table_name } of tables) {
        const { rows } = await client.query(`select row_to_json(t)::text as row from "${table_name}" t`);
        dump += rows.map((r: { row: string }) => r.row).join('\n');
      }
      assert.ok(dump.length > 1000, 'the dump has content');
      for (const [what, value] of [['access token', full.credentials.access_token], ['refresh token', full.credentials.refresh_token], ['client secret', secret]] as const) {
        assert.ok(value && value.length > 8);
        assert.equal(dump.includes(value), false, `${what} found in clear`);
      }
    } finally {
      await client.end();
    }
  });
});
