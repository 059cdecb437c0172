import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { TerapiError } from '../../errors/terapi-error.js';
import { postTokenRequest } from '../../auth/oauth2/token-endpoint.js';
import { connectSessionToken, createIntegration, jwtApp, postAuth, startSalesforceFixture, type SalesforceFixture } from './testing/salesforce-test-fixture.js';

let f: SalesforceFixture;
before(async () => {
  f = await startSalesforceFixture();
  await createIntegration(f.t, 'salesforce-cc');
  await createIntegration(f.t, 'salesforce-jwt');
});
after(() => f.close());

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, code: body.error.code, message: body.error.message };
}

const admin = () => f.sim.sim.getOrg(f.prodOrgId)!.users[0]!.username;

test('an unknown consumer key: check the Consumer Key, special characters in a developer password cause it too', async () => {
  const e = await errorOf(await postAuth(f.t, '/oauth2/auth', 'salesforce-cc', { client_id: '3MVG9unknown', client_secret: 'x' }, { hostname: 'acme.my.salesforce.com' }));
  assert.deepEqual([e.status, e.code], [400, 'salesforce_invalid_client_id']);
  assert.match(e.message, /Consumer Key/);
  assert.match(e.message, /special characters/);
});

test('a sandbox app on the production login host is named as such', async () => {
  const sandboxAdmin = f.sim.sim.getOrg(f.sandboxOrgId)!.users[0]!.username;
  const { app, privateKeyPem } = jwtApp(f.sim, f.sandboxOrgId, { preAuthorizedUsers: [sandboxAdmin] });
  const e = await errorOf(await postAuth(f.t, '/auth/two-step', 'salesforce-jwt', { type: 'TWO_STEP', clientId: app.clientId, username: sandboxAdmin, privateKey: privateKeyPem }));
  assert.deepEqual([e.status, e.code], [400, 'salesforce_invalid_client_id']);
  assert.match(e.message, /sandbox \(use salesforce-sandbox or test\.salesforce\.com\)/);
  // The same credentials at test.salesforce.com work.
  const ok = await postAuth(f.t, '/auth/two-step', 'salesforce-jwt', { type: 'TWO_STEP', clientId: app.clientId, username: sandboxAdmin, privateKey: privateKeyPem, authorizationUrl: 'https://test.salesforce.com/' });
  assert.equal(ok.status, 200);
});

test('a JWT audience that does not match the org environment: sandbox vs production', async () => {
  const sandboxAdmin = f.sim.sim.getOrg(f.sandboxOrgId)!.users[0]!.username;
  const { app, privateKeyPem } = jwtApp(f.sim, f.sandboxOrgId, { preAuthorizedUsers: [sandboxAdmin] });
  const e = await errorOf(
    await postAuth(f.t, '/auth/two-step', 'salesforce-jwt', { type: 'TWO_STEP', clientId: app.clientId, username: sandboxAdmin, privateKey: privateKeyPem, authorizationUrl: 'acme--uat.sandbox.my.salesforce.com' }),
  );
  assert.deepEqual([e.status, e.code], [400, 'salesforce_wrong_environment']);
  assert.match(e.message, /test\.salesforce\.com/);
});

test('client_credentials on a generic login host, as Salesforce answers it', async () => {
  const app = f.sim.sim.createApp(f.prodOrgId, { name: 'cc-host', clientCredentialsEnabled: true, clientCredentialsUser: admin() });
  await assert.rejects(
    postTokenRequest(f.t.services.http, f.t.services.hooks, {
      provider: f.t.services.catalog.get('salesforce-cc')!,
      url: 'https://login.salesforce.com/services/oauth2/token',
      params: { grant_type: 'client_credentials' },
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      connectionConfig: {},
    }),
    (err: unknown) => err instanceof TerapiError && err.code === 'salesforce_client_credentials_host' && /My Domain/.test(err.message),
  );
});

test('no refresh_token in the token response: add refresh_token/offline_access to the scopes', async () => {
  const app = f.sim.summary().orgs.find((o) => !o.sandbox)!.apps[0]!;
  await createIntegration(f.t, 'salesforce', 'salesforce', { type: 'OAUTH2', client_id: app.clientId, client_secret: app.clientSecret, scopes: 'api' });
  // The session narrows the scopes to `api` only (nango-api.md §2.1 oauth_scopes_override).
  const token = await connectSessionToken(f.t, 'salesforce', { integrations_config_defaults: { salesforce: { connection_config: { oauth_scopes_override: 'api' } } } });
  const start = await fetch(`${f.t.url}/oauth/connect/salesforce?connect_session_token=${token}`, { redirect: 'manual' });
  assert.equal(start.status, 302);
  const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  assert.equal(authorize.status, 302);
  const callback = await fetch(authorize.headers.get('location')!, { redirect: 'manual', headers: { cookie: start.headers.get('set-cookie')!.split(';')[0]! } });
  assert.equal(callback.status, 400);
  const html = await callback.text();
  assert.match(html, /salesforce_missing_refresh_token/);
  assert.match(html, /refresh_token, offline_access/);
});

test('JWT bearer: an unapproved user, a key whose certificate is not on the app, and a key that is not a key', async () => {
  const { app, privateKeyPem } = jwtApp(f.sim, f.prodOrgId);
  const notApproved = await errorOf(await postAuth(f.t, '/auth/jwt', 'salesforce-jwt', { clientId: app.clientId, username: admin(), privateKey: privateKeyPem }));
  assert.deepEqual([notApproved.status, notApproved.code], [400, 'salesforce_jwt_not_approved']);
  assert.match(notApproved.message, /pre-authorized/);

  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const badSignature = await errorOf(await postAuth(f.t, '/auth/jwt', 'salesforce-jwt', { clientId: app.clientId, username: admin(), privateKey: other }));
  assert.deepEqual([badSignature.status, badSignature.code], [400, 'salesforce_jwt_invalid_assertion']);
  assert.match(badSignature.message, /certificate/);

  const notAKey = await errorOf(await postAuth(f.t, '/auth/jwt', 'salesforce-jwt', { clientId: app.clientId, username: admin(), privateKey: 'hello' }));
  assert.deepEqual([notAKey.status, notAKey.code], [400, 'invalid_private_key']);

  const elsewhere = await errorOf(await postAuth(f.t, '/auth/jwt', 'salesforce-jwt', { clientId: app.clientId, username: admin(), privateKey: privateKeyPem, authorizationUrl: 'evil.example.com' }));
  assert.deepEqual([elsewhere.status, elsewhere.code], [400, 'invalid_body'], 'assertions go to Salesforce hosts only');
  assert.match(elsewhere.message, /Login host/);

  const missing = await errorOf(await postAuth(f.t, '/auth/two-step', 'salesforce-jwt', { type: 'TWO_STEP', clientId: app.clientId }));
  assert.deepEqual([missing.status, missing.code], [400, 'invalid_body']);
  assert.match(missing.message, /username/);
  assert.match(missing.message, /privateKey/);
});
