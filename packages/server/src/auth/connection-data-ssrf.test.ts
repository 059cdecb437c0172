// Issue 9 point 3, as the attacks: connection data (a token response's instance_url, an imported connection,
// old rows written before the check) tries to steer terapi's own requests — token exchange, refresh,
// introspection, revocation, userinfo and identity calls, functions' proxy calls — at a loopback listener
// that TERAPI_UPSTREAM_MAP does not map. The listener must never see a TCP connection.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectSalesforce, runSalesforceOAuth } from '../providers/salesforce/testing/connect-salesforce.js';
import { proxyForConnection } from '../functions/runner/connection-proxy.js';
import { TerapiError } from '../errors/terapi-error.js';
import { createIntegration, jwtApp, postAuth, startSalesforceFixture, type SalesforceFixture } from '../providers/salesforce/testing/salesforce-test-fixture.js';

let f: SalesforceFixture;
let listener: Server;
let port: number;
let reached = 0;

before(async () => {
  listener = createServer((_req, res) => res.end('{"access_token":"stolen","active":true}'));
  listener.on('connection', () => reached++);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as AddressInfo).port;
  f = await startSalesforceFixture();
  await createIntegration(f.t, 'salesforce-cc');
  await createIntegration(f.t, 'salesforce-jwt');
  await createIntegration(f.t, 'salesforce-cdp');
});
after(async () => {
  await f.close();
  listener.closeAllConnections();
  await new Promise((resolve) => listener.close(resolve));
});
afterEach(() => assert.equal(reached, 0, 'the loopback listener was reached'));

const LOOPBACK = () => `http://127.0.0.1:${port}`;
const ALLOWED = ['*.salesforce.com', '*.force.com', '*.my.site.com'];

type ErrorBody = { error: { code: string; message: string; errors?: { path: string[] }[]; payload?: { code?: string } } };

function assertNamesFieldAndHosts(message: string, label = 'connection_config.instance_url') {
  assert.ok(message.includes(label), message);
  for (const host of ALLOWED) assert.ok(message.includes(host), `${host} in ${message}`);
}

async function connectionRows(): Promise<number> {
  return Number((await f.t.services.db.query<{ count: string }>('select count(*) from connections')).rows[0]!.count);
}

/** The simulator's token endpoint answers once with `body` (a token response naming an instance_url). */
async function nextTokenResponse(host: string, body: Record<string, unknown>): Promise<void> {
  await f.sim.control.addFault({ match: { host, method: 'POST', pathPrefix: '/services/oauth2/token' }, effect: { status: 200, body }, times: 1 });
}

const tokenResponse = (instanceUrl: string) => ({
  access_token: '00Dxx!attack',
  refresh_token: 'refresh-attack',
  instance_url: instanceUrl,
  id: 'https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS',
  token_type: 'Bearer',
  issued_at: String(Date.now()),
});

test('(a) an OAuth token response whose instance_url is the loopback listener: the callback refuses it, names the field and the allowed hosts, and stores nothing', async () => {
  const rows = await connectionRows();
  await nextTokenResponse('login.salesforce.com', tokenResponse(LOOPBACK()));
  const journey = await runSalesforceOAuth(f.t, f.sim, { endUserId: 'attacked-callback' });
  assert.equal(journey.callbackStatus, 400);
  assert.match(journey.callbackHtml, /connection_config_host_not_allowed/);
  assertNamesFieldAndHosts(journey.callbackHtml.replaceAll('&quot;', '"'));
  assert.equal(journey.connectionId, undefined);
  assert.equal(await connectionRows(), rows);
});

test('(a) a client-credentials token response naming a host outside allowed_hosts is refused before introspection or storage', async () => {
  const rows = await connectionRows();
  for (const instanceUrl of ['https://evil.example.com', 'https://acme.my.salesforce.com.evil.example', `https://localhost:${port}`, LOOPBACK()]) {
    await nextTokenResponse('acme.my.salesforce.com', tokenResponse(instanceUrl));
    const res = await postAuth(f.t, '/oauth2/auth', 'salesforce-cc', { client_id: 'cid', client_secret: 'secret' }, { hostname: 'acme.my.salesforce.com' });
    const body = (await res.json()) as ErrorBody;
    assert.deepEqual([res.status, body.error.code], [400, 'connection_config_host_not_allowed'], instanceUrl);
    assertNamesFieldAndHosts(body.error.message);
    assert.deepEqual(body.error.errors?.[0]?.path, ['connection_config', 'instance_url']);
  }
  assert.equal(await connectionRows(), rows);
});

test('(a) Data Cloud: a first token response pointing at the listener never gets the core token sent to it by the exchange', async () => {
  const org = f.sim.sim.getOrg(f.prodOrgId)!;
  const { app, privateKeyPem } = jwtApp(f.sim, f.prodOrgId, { preAuthorizedUsers: [org.users[0]!.username], scopes: ['api', 'cdp_query_api'] });
  const rows = await connectionRows();
  await nextTokenResponse('login.salesforce.com', tokenResponse(LOOPBACK()));
  const res = await postAuth(f.t, '/auth/two-step', 'salesforce-cdp', { type: 'TWO_STEP', clientId: app.clientId, username: org.users[0]!.username, privateKey: privateKeyPem });
  const body = (await res.json()) as ErrorBody;
  assert.deepEqual([res.status, body.error.code], [400, 'connection_config_host_not_allowed']);
  assertNamesFieldAndHosts(body.error.message);
  assert.equal(await connectionRows(), rows);
});

test('(b) POST /connections importing an instance_url outside allowed_hosts: 400 naming the field and the hosts, nothing stored', async () => {
  const rows = await connectionRows();
  for (const instanceUrl of [LOOPBACK(), `https://127.0.0.1:${port}`, 'https://evil.example.com', 'https://salesforce.com.evil.example', 'http://acme.my.salesforce.com', 'https://user:pw@acme.my.salesforce.com', 'acme.my.salesforce.com', 42]) {
    const res = await f.t.api('/connections', {
      method: 'POST',
      json: { provider_config_key: 'salesforce-cc', connection_id: 'imported-evil', connection_config: { hostname: 'acme.my.salesforce.com', instance_url: instanceUrl }, credentials: { type: 'OAUTH2_CC', token: 't', client_id: 'c', client_secret: 's' } },
    });
    const body = (await res.json()) as ErrorBody;
    assert.deepEqual([res.status, body.error.code], [400, 'connection_config_host_not_allowed'], String(instanceUrl));
    assertNamesFieldAndHosts(body.error.message);
    assert.deepEqual(body.error.errors?.[0]?.path, ['connection_config', 'instance_url']);
  }
  assert.equal(await connectionRows(), rows);
  // Legitimate Salesforce hosts still import.
  for (const [i, instanceUrl] of ['https://acme--uat.sandbox.my.salesforce.com', 'https://acme.my.site.com', 'https://tenant.c360a.salesforce.com'].entries()) {
    const res = await f.t.api('/connections', {
      method: 'POST',
      json: { provider_config_key: 'salesforce-jwt', connection_id: `imported-ok-${i}`, connection_config: { instance_url: instanceUrl }, credentials: { type: 'OAUTH2', access_token: 't' } },
    });
    assert.equal(res.status, 201, instanceUrl);
  }
});

/** Old data: a row written before the check, with a connection_config field pointing at the listener. */
async function plant(connectionId: string, config: Record<string, string>, expired = false): Promise<void> {
  await f.t.services.db.query(
    `update connections set connection_config = connection_config || $2::jsonb${expired ? `, token_expires_at = now() - interval '1 hour'` : ''} where connection_id = $1`,
    [connectionId, JSON.stringify(config)],
  );
}

async function importCc(connectionId: string): Promise<void> {
  const res = await f.t.api('/connections', {
    method: 'POST',
    json: { provider_config_key: 'salesforce-cc', connection_id: connectionId, connection_config: { hostname: 'acme.my.salesforce.com', instance_url: 'https://acme.my.salesforce.com' }, credentials: { type: 'OAUTH2_CC', token: 't', client_id: 'c', client_secret: 's' } },
  });
  assert.equal(res.status, 201);
}

test('(c) introspection of a stored instance_url on loopback is refused: the client secret never leaves', async () => {
  await importCc('old-cc');
  await plant('old-cc', { instance_url: LOOPBACK() });
  const res = await f.t.api('/connections/old-cc?provider_config_key=salesforce-cc');
  const body = (await res.json()) as ErrorBody;
  assert.deepEqual([res.status, body.error.code], [400, 'connection_config_host_not_allowed']);
  assertNamesFieldAndHosts(body.error.message);
});

test('(c) a refresh whose stored login host is loopback (by address or by name) is refused by the network guard and needs reauthorization', async () => {
  for (const [i, hostname] of [`127.0.0.1:${port}`, `localhost:${port}`].entries()) {
    const { connectionId } = await connectSalesforce(f.t, f.sim, { endUserId: `old-refresh-${i}` });
    await plant(connectionId, { hostname }, true);
    const res = await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce`);
    const body = (await res.json()) as ErrorBody;
    assert.deepEqual([res.status, body.error.code, body.error.payload?.code], [400, 'invalid_credentials', 'upstream_address_forbidden'], hostname);
  }
});

test('(c) revocation at a stored loopback instance_url or login host sends nothing there, and the deletion still happens', async () => {
  const org = f.sim.sim.getOrg(f.prodOrgId)!;
  const { app, privateKeyPem } = jwtApp(f.sim, f.prodOrgId, { preAuthorizedUsers: [org.users[0]!.username] });
  const made = await postAuth(f.t, '/auth/two-step', 'salesforce-jwt', { type: 'TWO_STEP', clientId: app.clientId, username: org.users[0]!.username, privateKey: privateKeyPem });
  assert.equal(made.status, 200);
  const { connectionId: jwtConnection } = (await made.json()) as { connectionId: string };
  await plant(jwtConnection, { instance_url: LOOPBACK() });
  const { connectionId: oauthConnection } = await connectSalesforce(f.t, f.sim, { endUserId: 'old-revoke' });
  await plant(oauthConnection, { hostname: `127.0.0.1:${port}` });
  for (const [key, id] of [['salesforce-jwt', jwtConnection], ['salesforce', oauthConnection]] as const) {
    const res = await f.t.api(`/connections/${id}?provider_config_key=${key}`, { method: 'DELETE' });
    assert.equal(res.status, 200, key);
    assert.deepEqual(await res.json(), { success: true });
  }
});

test('(c) userinfo and identity calls (through /proxy and from a function) never reach a stored loopback instance_url or identity URL', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { endUserId: 'old-userinfo' });
  await plant(connectionId, { instance_url: LOOPBACK() });
  const viaProxy = await f.t.api('/proxy/services/oauth2/userinfo', { headers: { 'Connection-Id': connectionId, 'Provider-Config-Key': 'salesforce' } });
  const body = (await viaProxy.json()) as ErrorBody;
  assert.deepEqual([viaProxy.status, body.error.code], [400, 'connection_config_host_not_allowed']);

  const s = f.t.services;
  const env = (await s.environments.findBySecretKey(f.t.devSecretKey))!;
  const stored = (await s.connections.get(env.id, 'salesforce', connectionId))!;
  await assert.rejects(proxyForConnection(s, stored, { method: 'GET', endpoint: '/services/oauth2/userinfo' }), (err: unknown) => err instanceof TerapiError && err.code === 'connection_config_host_not_allowed');

  // A healthy connection whose function follows an identity URL (the token response's `id`) planted on loopback.
  const { connectionId: healthy } = await connectSalesforce(f.t, f.sim, { endUserId: 'identity-follower' });
  const c = (await s.connections.get(env.id, 'salesforce', healthy))!;
  for (const endpoint of [`${LOOPBACK()}/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS`, `https://localhost:${port}/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS`]) {
    await assert.rejects(proxyForConnection(s, c, { method: 'GET', endpoint }), (err: unknown) => err instanceof TerapiError && err.code === 'base_url_override_not_allowed', endpoint);
  }
});
