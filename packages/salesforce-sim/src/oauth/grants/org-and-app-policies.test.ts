import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { requestAsHost } from '../../hosts/request-as-host.js';
import type { SimApp, SimOrg } from '../../salesforce-sim.js';
import { startSalesforceSim, type RunningSalesforceSim } from '../../start-salesforce-sim.js';

// The username-password flow and the org/app policies behind the rest of spec/salesforce.md §1.8.
let running: RunningSalesforceSim;
let prod: SimOrg;

before(async () => {
  running = await startSalesforceSim();
  prod = [...running.sim.orgs.values()][0] as SimOrg;
});
after(() => running.close());

function password(app: SimApp, username: string, pw: string, host = 'login.salesforce.com') {
  return requestAsHost(running.origin, host, '/services/oauth2/token', {
    form: { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username, password: pw },
  });
}

const AUTH_FAILURE = { error: 'invalid_grant', error_description: 'authentication failure' };

test('the password flow logs a user in without a refresh token', async () => {
  const app = running.sim.createApp(prod.id);
  running.sim.createUser(prod.id, { username: 'pw@acme.example', password: 's3cret' });
  const res = await password(app, 'pw@acme.example', 's3cret');
  assert.equal(res.status, 200);
  const body = res.json<Record<string, string>>();
  assert.equal(body.refresh_token, undefined);
  assert.equal(body.instance_url, 'https://acme.my.salesforce.com');
});

test('a wrong password, an unknown user or a blocked password flow is authentication failure', async () => {
  const app = running.sim.createApp(prod.id);
  assert.deepEqual((await password(app, 'admin@acme.example', 'wrong')).json(), AUTH_FAILURE);
  assert.deepEqual((await password(app, 'nobody@acme.example', 'password')).json(), AUTH_FAILURE);
  const blocked = running.sim.createApp(prod.id, { passwordFlowEnabled: false });
  assert.deepEqual((await password(blocked, 'admin@acme.example', 'password')).json(), AUTH_FAILURE);
});

test('with admin-approved users only, others get invalid_app_access', async () => {
  const app = running.sim.createApp(prod.id, { adminApprovedUsersOnly: true });
  const res = await password(app, 'admin@acme.example', 'password');
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), { error: 'invalid_app_access', error_description: 'user is not admin approved to access this app' });
  await running.control.updateApp(app.clientId, { preAuthorizedUsers: ['admin@acme.example'] });
  assert.equal((await password(app, 'admin@acme.example', 'password')).status, 200);
});

test('an inactive org refuses grants with inactive_org and its sessions with 401', async () => {
  const org = running.sim.createOrg({ name: 'dormant' });
  running.sim.createUser(org.id, { username: 'admin@dormant.example' });
  const app = running.sim.createApp(org.id);
  const live = (await password(app, 'admin@dormant.example', 'password')).json<{ access_token: string }>();
  await running.control.setOrgActive(org.id, false);
  assert.deepEqual((await password(app, 'admin@dormant.example', 'password')).json(), { error: 'inactive_org', error_description: 'organization is inactive' });
  const rest = running.sim.authenticateRest({ authorization: `Bearer ${live.access_token}` }, 'dormant.my.salesforce.com');
  assert.equal('status' in rest ? rest.status : 200, 401);
  await running.control.setOrgActive(org.id, true);
  assert.equal((await password(app, 'admin@dormant.example', 'password')).status, 200);
});

test('an org over its token grants per hour gets rate_limit_exceeded until the hour has passed', async () => {
  const org = await running.control.createOrg({ name: 'busy', tokenRequestsPerHour: 2, users: [{ username: 'admin@busy.example' }], apps: [{}] });
  const app = org.apps[0] as SimApp;
  assert.equal((await password(app, 'admin@busy.example', 'password')).status, 200);
  assert.equal((await password(app, 'admin@busy.example', 'password')).status, 200);
  assert.deepEqual((await password(app, 'admin@busy.example', 'password')).json(), { error: 'rate_limit_exceeded', error_description: 'rate limit exceeded' });
  await running.control.advanceClock(60 * 60 * 1000 + 1);
  assert.equal((await password(app, 'admin@busy.example', 'password')).status, 200);
});
