import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import { requestCounts, startSalesforceFixture, type SalesforceFixture } from '../providers/salesforce/testing/salesforce-test-fixture.js';

let f: SalesforceFixture;
let second: TestTerapi;
before(async () => {
  f = await startSalesforceFixture();
  second = await startTestTerapi({ database: { url: f.t.databaseUrl, encryptionKey: f.t.encryptionKey }, env: { TERAPI_UPSTREAM_MAP: f.sim.upstreamMap } });
});
after(async () => {
  await second.close();
  await f.close();
});

type Conn = { credentials: { access_token: string; refresh_token?: string }; auth_status: string; errors: { code: string }[]; token_expires_at: string | null };

async function read(t: TestTerapi, key: string, id: string, query = ''): Promise<{ status: number; body: Conn & { error?: { code: string; message: string } } }> {
  const res = await t.api(`/connections/${id}?provider_config_key=${key}${query}`);
  return { status: res.status, body: (await res.json()) as Conn & { error?: { code: string; message: string } } };
}

const delta = (a: Record<string, number>, b: Record<string, number>, k: string) => (b[k] ?? 0) - (a[k] ?? 0);

async function newApp(settings: Parameters<SalesforceFixture['sim']['sim']['createApp']>[1]) {
  return f.sim.sim.createApp(f.prodOrgId, { callbackUrls: [`${f.t.url}/oauth/callback`], ...settings });
}

test('100 reads of a fresh token across two processes make at most one introspection and no refresh', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { endUserId: 'fresh-reader' });
  const before = await requestCounts(f.sim);
  const reads = await Promise.all(Array.from({ length: 100 }, (_, i) => read(i % 2 ? second : f.t, 'salesforce', connectionId)));
  assert.ok(reads.every((r) => r.status === 200));
  assert.equal(new Set(reads.map((r) => r.body.credentials.access_token)).size, 1);
  const after = await requestCounts(f.sim);
  assert.ok(delta(before, after, 'oauth2.introspect') <= 1, `introspections: ${delta(before, after, 'oauth2.introspect')}`);
  assert.equal(delta(before, after, 'oauth2.token:refresh_token'), 0);
  // The learnt expiry is shared: more reads ask Salesforce nothing at all.
  const again = await requestCounts(f.sim);
  await Promise.all(Array.from({ length: 20 }, (_, i) => read(i % 2 ? second : f.t, 'salesforce', connectionId)));
  assert.deepEqual(await requestCounts(f.sim), again);
  const conn = (await read(f.t, 'salesforce', connectionId)).body;
  assert.ok(conn.token_expires_at && Date.parse(conn.token_expires_at) > Date.now() + 60 * 60_000, 'the session end learnt by introspection');
});

test('200 concurrent reads of an expired token across two processes make exactly one refresh, and all get the new token', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { endUserId: 'expired-reader' });
  const old = (await read(f.t, 'salesforce', connectionId)).body.credentials.access_token;
  await f.sim.control.expireTokens({ token: old });
  await f.t.services.db.query(`update connections set token_expires_at = now() - interval '1 minute' where connection_id = $1`, [connectionId]);
  const before = await requestCounts(f.sim);
  const reads = await Promise.all(Array.from({ length: 200 }, (_, i) => read(i % 2 ? second : f.t, 'salesforce', connectionId)));
  assert.deepEqual([...new Set(reads.map((r) => r.status))], [200]);
  const tokens = new Set(reads.map((r) => r.body.credentials.access_token));
  assert.equal(tokens.size, 1);
  assert.ok(!tokens.has(old));
  const after = await requestCounts(f.sim);
  assert.equal(delta(before, after, 'oauth2.token:refresh_token'), 1);
});

test('with refresh-token rotation, concurrent readers and forced refreshes never lose the refresh token', async () => {
  const app = await newApp({ name: 'rotating', rotateRefreshTokens: true });
  const { connectionId } = await connectSalesforce(f.t, f.sim, { integrationKey: 'sf-rotating', app, endUserId: 'rotation' });
  const original = (await read(f.t, 'sf-rotating', connectionId, '&refresh_token=true')).body.credentials.refresh_token;
  const before = await requestCounts(f.sim);
  // Reads alternate between the two processes; every fifth forces a refresh, so both processes force some.
  const forced = (i: number) => i % 5 === 0;
  const on = (i: number) => (i % 2 ? second : f.t);
  assert.deepEqual(new Set(Array.from({ length: 60 }, (_, i) => i).filter(forced).map(on)), new Set([f.t, second]));
  const reads = await Promise.all(Array.from({ length: 60 }, (_, i) => read(on(i), 'sf-rotating', connectionId, forced(i) ? '&force_refresh=true' : '')));
  assert.deepEqual([...new Set(reads.map((r) => r.status))], [200]);
  // Afterwards it still refreshes: the stored refresh token is the live one.
  const last = await read(second, 'sf-rotating', connectionId, '&force_refresh=true&refresh_token=true');
  assert.equal(last.status, 200);
  assert.notEqual(last.body.credentials.refresh_token, original);
  const log = await f.sim.control.requestLog();
  const refreshes = log.requests.slice(Object.values(before).reduce((a, b) => a + b, 0)).filter((r) => r.endpoint === 'oauth2.token:refresh_token');
  assert.ok(refreshes.length >= 2, JSON.stringify(log.requests.slice(-10)));
  assert.ok(refreshes.every((r) => r.status === 200), 'no refresh used a rotated-out token');
  assert.equal((await read(f.t, 'sf-rotating', connectionId)).body.auth_status, 'ok');
});

test('a network failure during refresh leaves the stored credentials untouched, and the next refresh works', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { endUserId: 'network-failure' });
  const stored = (await read(f.t, 'salesforce', connectionId, '&refresh_token=true')).body.credentials;
  await f.sim.control.addFault({ match: { pathPrefix: '/services/oauth2/token' }, effect: { dropConnection: true }, times: 1 });
  const failed = await read(f.t, 'salesforce', connectionId, '&force_refresh=true');
  assert.equal(failed.status, 502);
  assert.equal(failed.body.error!.code, 'invalid_credentials');
  const kept = await read(f.t, 'salesforce', connectionId, '&refresh_token=true');
  assert.equal(kept.status, 200);
  assert.equal(kept.body.credentials.access_token, stored.access_token);
  assert.equal(kept.body.credentials.refresh_token, stored.refresh_token);
  assert.equal(kept.body.auth_status, 'ok');
  const next = await read(f.t, 'salesforce', connectionId, '&force_refresh=true');
  assert.equal(next.status, 200);
  assert.notEqual(next.body.credentials.access_token, stored.access_token);
});

test('when the app may not introspect, terapi says so once and then relies on refresh-on-401', async () => {
  const app = await newApp({ name: 'no-introspect', introspectAll: false });
  const { connectionId } = await connectSalesforce(f.t, f.sim, { integrationKey: 'sf-no-introspect', app, endUserId: 'no-introspect' });
  const first = await read(f.t, 'sf-no-introspect', connectionId);
  assert.equal(first.status, 200);
  assert.equal(first.body.auth_status, 'ok');
  assert.equal(first.body.errors[0]?.code, 'salesforce_introspection_refused');
  assert.match((first.body.errors[0] as unknown as { message: string }).message, /Introspect All Tokens/);
  const before = await requestCounts(f.sim);
  const reads = await Promise.all(Array.from({ length: 20 }, (_, i) => read(i % 2 ? second : f.t, 'sf-no-introspect', connectionId)));
  assert.ok(reads.every((r) => r.status === 200 && r.body.credentials.access_token === first.body.credentials.access_token));
  assert.deepEqual(await requestCounts(f.sim), before, 'no call to Salesforce once the refusal is known');
  // A 401 upstream makes the caller force a refresh: that works and yields a new token.
  const forced = await read(f.t, 'sf-no-introspect', connectionId, '&force_refresh=true');
  assert.equal(forced.status, 200);
  assert.notEqual(forced.body.credentials.access_token, first.body.credentials.access_token);
});
