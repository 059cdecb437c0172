import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Nango } from '@nangohq/node';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import { connectSessionToken, createIntegration, jwtApp, postAuth, requestCounts, startSalesforceFixture, type SalesforceFixture } from '../providers/salesforce/testing/salesforce-test-fixture.js';

let f: SalesforceFixture;
let nango: Nango;
before(async () => {
  f = await startSalesforceFixture();
  nango = new Nango({ host: f.t.url, secretKey: f.t.devSecretKey });
});
after(() => f.close());

type Conn = { connection_config: Record<string, unknown>; credentials: Record<string, unknown> };

function assertSalesforceIds(conn: Conn, orgId: string, instanceUrl: string) {
  const org = f.sim.sim.getOrg(orgId)!;
  assert.equal(conn.connection_config.instance_url, instanceUrl);
  assert.equal(conn.connection_config.org_id, org.id);
  assert.equal(conn.connection_config.user_id, org.users[0]!.id);
}

function lastToken(hostname: string, grantType: string) {
  return f.sim.control.requestLog().then((l) => l.requests.filter((r) => r.endpoint === `oauth2.token:${grantType}` && r.host.split(':')[0] === hostname));
}

test('salesforce: the code is exchanged at login.salesforce.com, and the connection reads the same through the API and @nangohq/node', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { provider: 'salesforce' });
  assert.equal((await lastToken('login.salesforce.com', 'authorization_code')).length, 1);
  const res = await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce`);
  assert.equal(res.status, 200);
  const conn = (await res.json()) as Conn;
  assertSalesforceIds(conn, f.prodOrgId, 'https://acme.my.salesforce.com');
  assert.equal(conn.credentials.type, 'OAUTH2');
  assert.equal(conn.credentials.refresh_token, undefined, 'refresh tokens are stripped by default');
  const viaSdk = await nango.getConnection('salesforce', connectionId);
  assert.equal((viaSdk.credentials as { access_token: string }).access_token, conn.credentials.access_token);
  assert.equal(await nango.getToken('salesforce', connectionId), conn.credentials.access_token);
});

test('salesforce with a My Domain hostname exchanges the code at that host', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { provider: 'salesforce', integrationKey: 'sf-mydomain', params: { hostname: 'acme.my.salesforce.com' }, endUserId: 'md-user' });
  assert.equal((await lastToken('acme.my.salesforce.com', 'authorization_code')).length, 1);
  const conn = (await nango.getConnection('sf-mydomain', connectionId)) as unknown as Conn;
  assert.equal(conn.connection_config.hostname, 'acme.my.salesforce.com');
  assertSalesforceIds(conn, f.prodOrgId, 'https://acme.my.salesforce.com');
});

test('salesforce-sandbox: the code is exchanged at test.salesforce.com and the sandbox org is recorded', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { provider: 'salesforce-sandbox', endUserId: 'sandbox-user' });
  const exchanges = await lastToken('test.salesforce.com', 'authorization_code');
  assert.equal(exchanges.length, 1);
  assert.equal(exchanges[0]!.status, 200);
  const conn = (await nango.getConnection('salesforce-sandbox', connectionId)) as unknown as Conn;
  assertSalesforceIds(conn, f.sandboxOrgId, 'https://acme--uat.sandbox.my.salesforce.com');
});

test('salesforce-experience-cloud: the flow runs on the site host', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { provider: 'salesforce-experience-cloud', params: { subdomain: 'acme' }, endUserId: 'site-user', sandbox: false });
  assert.equal((await lastToken('acme.my.site.com', 'authorization_code')).length, 1);
  const conn = (await nango.getConnection('salesforce-experience-cloud', connectionId)) as unknown as Conn;
  assertSalesforceIds(conn, f.prodOrgId, 'https://acme.my.salesforce.com');
});

test('salesforce-cc: POST /oauth2/auth stores OAUTH2_CC credentials got at the My Domain host', async () => {
  const org = f.sim.sim.getOrg(f.prodOrgId)!;
  const app = f.sim.sim.createApp(f.prodOrgId, { name: 'cc', clientCredentialsEnabled: true, clientCredentialsUser: org.users[0]!.username });
  await createIntegration(f.t, 'salesforce-cc');
  const res = await postAuth(f.t, '/oauth2/auth', 'salesforce-cc', { client_id: app.clientId, client_secret: app.clientSecret }, { hostname: 'acme.my.salesforce.com' });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { connectionId: string; providerConfigKey: string };
  assert.deepEqual(Object.keys(body).sort(), ['connectionId', 'providerConfigKey']);
  assert.equal(body.providerConfigKey, 'salesforce-cc');
  assert.equal((await lastToken('acme.my.salesforce.com', 'client_credentials')).length, 1);
  const token = (await nango.getToken('salesforce-cc', body.connectionId)) as Record<string, unknown>;
  assert.equal(token.type, 'OAUTH2_CC');
  assert.equal(token.client_id, app.clientId);
  assert.match(String(token.token), /^00D/);
  const conn = (await nango.getConnection('salesforce-cc', body.connectionId)) as unknown as Conn;
  assertSalesforceIds(conn, f.prodOrgId, 'https://acme.my.salesforce.com');

  // A reconnect session re-authorizes the same connection (an override), keeping its id.
  const reconnect = await f.t.api('/connect/sessions/reconnect', { method: 'POST', json: { connection_id: body.connectionId, integration_id: 'salesforce-cc' } });
  assert.equal(reconnect.status, 201);
  const token2 = ((await reconnect.json()) as { data: { token: string } }).data.token;
  const again = await postAuth(f.t, '/oauth2/auth', 'salesforce-cc', { client_id: app.clientId, client_secret: app.clientSecret }, { hostname: 'acme.my.salesforce.com' }, token2);
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), { connectionId: body.connectionId, providerConfigKey: 'salesforce-cc' });
  const list = (await (await f.t.api('/connections?integrationId=salesforce-cc')).json()) as { connections: unknown[] };
  assert.equal(list.connections.length, 1);
  const after = (await nango.getToken('salesforce-cc', body.connectionId)) as Record<string, unknown>;
  assert.notEqual(after.token, token.token);
});

test('salesforce-cc: missing client id or secret, and the wrong host, are refused before any call', async () => {
  assert.deepEqual(await (await postAuth(f.t, '/oauth2/auth', 'salesforce-cc', {}, { hostname: 'acme.my.salesforce.com' })).json(), {
    error: { code: 'missing_client_id', message: 'Send client_id.' },
  });
  const noSecret = await postAuth(f.t, '/oauth2/auth', 'salesforce-cc', { client_id: 'x' }, { hostname: 'acme.my.salesforce.com' });
  assert.equal(noSecret.status, 400);
  assert.equal(((await noSecret.json()) as { error: { code: string } }).error.code, 'missing_client_secret');
  const login = await postAuth(f.t, '/oauth2/auth', 'salesforce-cc', { client_id: 'x', client_secret: 'y' }, { hostname: 'login.salesforce.com' });
  assert.equal(login.status, 400);
  const err = ((await login.json()) as { error: { code: string; message: string } }).error;
  assert.equal(err.code, 'salesforce_client_credentials_host');
  assert.match(err.message, /My Domain/);
  const unknown = await postAuth(f.t, '/oauth2/auth', 'nope', { client_id: 'x', client_secret: 'y' }, {}, await connectSessionToken(f.t, 'salesforce-cc', { allowed_integrations: undefined }));
  assert.equal(unknown.status, 400);
  assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'unknown_provider_config');
  const wrongMode = await postAuth(f.t, '/oauth2/auth', 'salesforce', { client_id: 'x', client_secret: 'y' });
  assert.equal(wrongMode.status, 400);
  assert.equal(((await wrongMode.json()) as { error: { code: string } }).error.code, 'invalid_auth_mode');
});

test('salesforce-jwt: two-step and jwt endpoints sign an RS256 assertion, and a new one is signed when the token expires', async () => {
  const org = f.sim.sim.getOrg(f.prodOrgId)!;
  const { app, privateKeyPem } = jwtApp(f.sim, f.prodOrgId, { preAuthorizedUsers: [org.users[0]!.username] });
  await createIntegration(f.t, 'salesforce-jwt');
  const credentials = { clientId: app.clientId, username: org.users[0]!.username, privateKey: privateKeyPem };
  const twoStep = await postAuth(f.t, '/auth/two-step', 'salesforce-jwt', { type: 'TWO_STEP', ...credentials });
  assert.equal(twoStep.status, 200);
  const { connectionId } = (await twoStep.json()) as { connectionId: string };
  const jwt = await postAuth(f.t, '/auth/jwt', 'salesforce-jwt', credentials);
  assert.equal(jwt.status, 200);
  assert.equal((await lastToken('login.salesforce.com', 'jwt-bearer')).length, 2);
  // An Experience Cloud site as the login host: the site URL is the audience (spec/salesforce.md §1.6).
  const site = await postAuth(f.t, '/auth/jwt', 'salesforce-jwt', { ...credentials, authorizationUrl: 'acme.my.site.com' });
  assert.equal(site.status, 200);
  assert.equal((await lastToken('acme.my.site.com', 'jwt-bearer')).length, 1);

  const token = (await nango.getToken('salesforce-jwt', connectionId)) as Record<string, unknown>;
  assert.equal(token.type, 'TWO_STEP');
  assert.equal(token.username, org.users[0]!.username);
  const first = String(token.token);
  const conn = (await nango.getConnection('salesforce-jwt', connectionId)) as unknown as Conn;
  assertSalesforceIds(conn, f.prodOrgId, 'https://acme.my.salesforce.com');

  // The token's assumed lifetime runs out (terapi's view of time): the next read signs a new assertion.
  await f.t.services.db.query(`update connections set token_expires_at = now() - interval '1 minute' where connection_id = $1`, [connectionId]);
  const second = String(((await nango.getToken('salesforce-jwt', connectionId)) as Record<string, unknown>).token);
  assert.notEqual(second, first);
  const grants = await lastToken('login.salesforce.com', 'jwt-bearer');
  assert.equal(grants.length, 3);
  assert.ok(grants.every((g) => g.status === 200));
});

test('salesforce-cdp: JWT bearer then the Data Cloud exchange, refreshed by expires_in', async () => {
  const org = f.sim.sim.getOrg(f.prodOrgId)!;
  const { app, privateKeyPem } = jwtApp(f.sim, f.prodOrgId, { preAuthorizedUsers: [org.users[0]!.username], scopes: ['api', 'cdp_query_api'] });
  await createIntegration(f.t, 'salesforce-cdp');
  const before = await requestCounts(f.sim);
  const res = await postAuth(f.t, '/auth/two-step', 'salesforce-cdp', { type: 'TWO_STEP', clientId: app.clientId, username: org.users[0]!.username, privateKey: privateKeyPem });
  assert.equal(res.status, 200, await res.clone().text());
  const { connectionId } = (await res.json()) as { connectionId: string };
  const conn = (await nango.getConnection('salesforce-cdp', connectionId)) as unknown as Conn & { token_expires_at: string };
  assert.match(String(conn.connection_config.instance_url), /^https:\/\/[a-z0-9]+\.c360a\.salesforce\.com$/);
  assert.equal(conn.connection_config.org_id, org.id);
  assert.equal(conn.connection_config.user_id, org.users[0]!.id);
  const lifetime = Date.parse(String(conn.credentials.expires_at)) - Date.now();
  assert.ok(lifetime > 7000_000 && lifetime <= 7200_000, `expires_at from expires_in (7200 s), got ${lifetime} ms`);
  const mid = await requestCounts(f.sim);
  assert.equal((mid['a360.token'] ?? 0) - (before['a360.token'] ?? 0), 1);

  // Within the refresh margin of expires_in: both steps run again; no introspection (the expiry is known).
  await f.t.services.db.query(`update connections set token_expires_at = now() + interval '5 minutes', last_refresh_at = now() - interval '115 minutes' where connection_id = $1`, [connectionId]);
  // (The simulator's Data Cloud token is a JWT of whole seconds, so a same-second refresh may repeat its bytes: compare expiries.)
  const again = (await nango.getConnection('salesforce-cdp', connectionId)) as unknown as Conn & { token_expires_at: string };
  assert.ok(Date.parse(again.token_expires_at) - Date.now() > 7000_000, `expiry moved forward, got ${again.token_expires_at}`);
  const end = await requestCounts(f.sim);
  assert.equal((end['a360.token'] ?? 0) - (before['a360.token'] ?? 0), 2);
  assert.equal((end['oauth2.token:jwt-bearer'] ?? 0) - (before['oauth2.token:jwt-bearer'] ?? 0), 2);
  assert.equal(end['oauth2.introspect'] ?? 0, before['oauth2.introspect'] ?? 0);
});
