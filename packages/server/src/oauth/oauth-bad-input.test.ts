// The OAuth endpoints refuse bad input with the documented answer and leave nothing half-written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { request } from 'undici';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';

type ErrorBody = { error: { code: string; message: string } };

describe('OAuth connect and callback refuse bad input', () => {
  let env: TerapiWithSim;
  let sessionToken: string;
  const count = async (table: string) => {
    const c = new pg.Client({ connectionString: env.t.databaseUrl });
    await c.connect();
    const { rows } = await c.query(`select count(*)::int as n from ${table}`);
    await c.end();
    return rows[0].n as number;
  };
  const connectUrl = (key: string, extra = '') => `${env.t.url}/oauth/connect/${key}?connect_session_token=${sessionToken}${extra}`;
  /** The callback URL and the binding cookie /oauth/connect set (sent back as the browser would). */
  const authorizeAndGetCallback = async (extra = '') => {
    const start = await fetch(connectUrl('salesforce', extra), { redirect: 'manual' });
    assert.equal(start.status, 302);
    const res = await request(start.headers.get('location')!, { headers: { host: 'login.salesforce.com' } });
    await res.body.dump();
    return { url: String(res.headers.location), headers: { cookie: start.headers.get('set-cookie')!.split(';')[0]! } };
  };

  before(async () => {
    env = await startTerapiWithSalesforceSim();
    const app = env.sim.summary().orgs[0]!.apps[0]!;
    await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: app.clientId, client_secret: app.clientSecret } } });
    await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'no-creds' } });
    const s = await env.t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u1' }, allowed_integrations: ['salesforce', 'no-creds'] } });
    sessionToken = ((await s.json()) as { data: { token: string } }).data.token;
  });
  after(() => env?.close());

  test('a reused state is refused the second time, and nothing more is written', async () => {
    const callback = await authorizeAndGetCallback();
    const first = await fetch(callback.url, { headers: callback.headers });
    assert.equal(first.status, 200);
    const connections = await count('connections');
    const second = await fetch(callback.url, { headers: callback.headers });
    assert.equal(second.status, 400);
    const html = await second.text();
    assert.match(html, /nango_oauth_callback_error/);
    assert.match(html, /state_err/);
    assert.equal(await count('connections'), connections);
  });

  test('a forged or missing state is refused with the error page', async () => {
    for (const q of ['state=6f1b8a1e-9c7d-4e2a-8b3c-1d2e3f4a5b6c&code=x', 'state=../../etc&code=x', 'code=x']) {
      const res = await fetch(`${env.t.url}/oauth/callback?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(await res.text(), /state_err/);
    }
  });

  test('an expired state is refused', async () => {
    const callback = await authorizeAndGetCallback();
    const c = new pg.Client({ connectionString: env.t.databaseUrl });
    await c.connect();
    await c.query(`update oauth_sessions set expires_at = now() - interval '1 second'`);
    await c.end();
    const before = await count('connections');
    const res = await fetch(callback.url, { headers: callback.headers });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /expired/);
    assert.equal(await count('connections'), before);
  });

  test('a provider redirect with error=access_denied shows the provider error, escaped, and stores nothing', async () => {
    const start = await fetch(connectUrl('salesforce'), { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state');
    const before = await count('connections');
    const res = await fetch(`${env.t.url}/oauth/callback?state=${state}&error=access_denied&error_description=${encodeURIComponent('end-user denied </script><script>alert(1)</script>')}`, {
      headers: { cookie: start.headers.get('set-cookie')!.split(';')[0]! },
    });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /access_denied/);
    assert.match(html, /callback_err/);
    assert.equal(html.includes('</script><script>alert(1)'), false, 'the payload is escaped for inline script');
    assert.equal(await count('connections'), before);
  });

  test('session token rules: missing, malformed, expired, connection_id forbidden, integration not allowed', async () => {
    const missing = await fetch(`${env.t.url}/oauth/connect/salesforce`);
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as ErrorBody).error.code, 'missing_public_key');
    const malformed = await fetch(`${env.t.url}/oauth/connect/salesforce?connect_session_token=abc`);
    assert.equal(((await malformed.json()) as ErrorBody).error.code, 'invalid_connect_session_token_format');
    const unknown = await fetch(`${env.t.url}/oauth/connect/salesforce?connect_session_token=nango_connect_session_${'0'.repeat(64)}`);
    assert.equal(((await unknown.json()) as ErrorBody).error.code, 'unknown_connect_session_token');

    const s = await env.t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u2' }, allowed_integrations: ['salesforce'] } });
    const token = ((await s.json()) as { data: { token: string } }).data.token;
    const c = new pg.Client({ connectionString: env.t.databaseUrl });
    await c.connect();
    await c.query(`update connect_sessions set expires_at = now() - interval '1 second' where allowed_integrations = array['salesforce']`);
    await c.end();
    const expired = await fetch(`${env.t.url}/oauth/connect/salesforce?connect_session_token=${token}`);
    assert.equal(expired.status, 401);
    assert.equal(((await expired.json()) as ErrorBody).error.code, 'unknown_connect_session_token');

    const withId = await fetch(connectUrl('salesforce', '&connection_id=mine'));
    assert.equal(withId.status, 400);
    assert.deepEqual(((await withId.json()) as ErrorBody).error.message, 'connection_id is forbidden when using session token');

    await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'other' } });
    const notAllowed = await fetch(connectUrl('other'));
    assert.equal(notAllowed.status, 400);
    assert.equal(((await notAllowed.json()) as ErrorBody).error.code, 'integration_not_allowed');
  });

  test('errors inside the flow answer the callback page: missing client secret, Lightning host, unknown integration', async () => {
    const sessionsBefore = await count('oauth_sessions');
    const noCreds = await fetch(connectUrl('no-creds'), { redirect: 'manual' });
    assert.equal(noCreds.status, 400);
    assert.match(await noCreds.text(), /provider_config_err/);
    const lightning = await fetch(connectUrl('salesforce', '&params[hostname]=acme.lightning.force.com'), { redirect: 'manual' });
    assert.equal(lightning.status, 400);
    assert.match(await lightning.text(), /my\.salesforce\.com/);
    const s = await env.t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u3' } } });
    const token = ((await s.json()) as { data: { token: string } }).data.token;
    const unknown = await fetch(`${env.t.url}/oauth/connect/nope?connect_session_token=${token}`, { redirect: 'manual' });
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /unknown_config_key/);
    assert.equal(await count('oauth_sessions'), sessionsBefore, 'no OAuth session is left behind by a refused start');
  });
});
