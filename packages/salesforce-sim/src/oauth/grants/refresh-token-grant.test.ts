import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { requestAsHost } from '../../hosts/request-as-host.js';
import type { SimApp, SimOrg } from '../../salesforce-sim.js';
import { startSalesforceSim, type RunningSalesforceSim } from '../../start-salesforce-sim.js';
import { authorizeForCode } from '../oauth-test-flow.js';

let running: RunningSalesforceSim;
let prod: SimOrg;

before(async () => {
  running = await startSalesforceSim();
  prod = [...running.sim.orgs.values()][0] as SimOrg;
});
after(() => running.close());

const EXPIRED = { error: 'invalid_grant', error_description: 'expired access/refresh token' };

async function authorize(app: SimApp, loginHint?: string): Promise<Record<string, string>> {
  const { query } = await authorizeForCode(running.origin, 'login.salesforce.com', app, {
    scope: 'api refresh_token',
    ...(loginHint !== undefined ? { login_hint: loginHint } : {}),
  });
  const res = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', {
    form: { grant_type: 'authorization_code', code: query.get('code') ?? '', client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: app.callbackUrls[0] ?? '' },
  });
  return res.json();
}

function refresh(app: SimApp, refreshToken: string) {
  return requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', {
    form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: app.clientId, client_secret: app.clientSecret },
  });
}

test('refresh gives a new access token and no refresh_token when rotation is off', async () => {
  const app = prod.apps[0] as SimApp;
  const first = await authorize(app);
  const res = await refresh(app, first.refresh_token ?? '');
  assert.equal(res.status, 200);
  const body = res.json<Record<string, string>>();
  assert.deepEqual(Object.keys(body), ['access_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
  assert.notEqual(body.access_token, first.access_token);
  assert.equal(body.scope, 'api refresh_token');
  assert.equal((await refresh(app, first.refresh_token ?? '')).status, 200);
});

test('with rotation each refresh returns a new refresh token; reusing an old one revokes the whole family', async () => {
  const app = running.sim.createApp(prod.id, { rotateRefreshTokens: true });
  const first = await authorize(app);
  const second = (await refresh(app, first.refresh_token ?? '')).json<Record<string, string>>();
  assert.ok(second.refresh_token);
  assert.notEqual(second.refresh_token, first.refresh_token);
  const reuse = await refresh(app, first.refresh_token ?? '');
  assert.equal(reuse.status, 400);
  assert.deepEqual(reuse.json(), EXPIRED);
  assert.deepEqual((await refresh(app, second.refresh_token ?? '')).json(), EXPIRED);
  const session = running.sim.authenticateRest({ authorization: `Bearer ${second.access_token}` }, 'acme.my.salesforce.com');
  assert.equal('status' in session ? session.status : 200, 401);
});

test('a revoked or unknown refresh token is expired access/refresh token', async () => {
  const app = prod.apps[0] as SimApp;
  const first = await authorize(app);
  await running.control.revokeTokens({ token: first.refresh_token ?? '' });
  assert.deepEqual((await refresh(app, first.refresh_token ?? '')).json(), EXPIRED);
  assert.deepEqual((await refresh(app, 'garbage')).json(), EXPIRED);
});

test('a deactivated user cannot refresh: inactive user', async () => {
  const app = prod.apps[0] as SimApp;
  const user = running.sim.createUser(prod.id, { username: 'gone@acme.example' });
  const first = await authorize(app, user.username);
  await running.control.setUserActive(prod.id, user.id, false);
  assert.deepEqual((await refresh(app, first.refresh_token ?? '')).json(), { error: 'invalid_grant', error_description: 'inactive user' });
});

test('the refresh flow needs the secret when the app requires it', async () => {
  const app = prod.apps[0] as SimApp;
  const first = await authorize(app);
  const res = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', {
    form: { grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '', client_id: app.clientId },
  });
  assert.deepEqual(res.json(), { error: 'invalid_client', error_description: 'invalid client credentials' });
  const lenient = running.sim.createApp(prod.id, { requireSecret: false });
  const second = await authorize(lenient);
  const ok = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', {
    form: { grant_type: 'refresh_token', refresh_token: second.refresh_token ?? '', client_id: lenient.clientId },
  });
  assert.equal(ok.status, 200);
});
