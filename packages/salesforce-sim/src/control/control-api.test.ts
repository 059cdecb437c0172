import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { requestAsHost } from '../hosts/request-as-host.js';
import { authorizeForCode } from '../oauth/oauth-test-flow.js';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { SimControlError } from './sim-control-client.js';

let running: RunningSalesforceSim;

before(async () => {
  running = await startSalesforceSim({ callbackUrls: ['http://localhost:9999/cb'] });
});
after(() => running.close());

test('the summary is the operations.md object: origin, upstream map, default orgs with users and apps', async () => {
  const summary = await running.control.summary();
  assert.deepEqual(summary, running.summary());
  assert.equal(summary.origin, running.origin);
  assert.equal(
    summary.upstreamMap,
    `login.salesforce.com=${running.origin},test.salesforce.com=${running.origin},*.salesforce.com=${running.origin},*.my.site.com=${running.origin}`,
  );
  assert.deepEqual(summary.orgs.map((o) => [o.myDomain, o.sandbox, o.users.map((u) => u.username)]), [
    ['acme.my.salesforce.com', false, ['admin@acme.example']],
    ['acme--uat.sandbox.my.salesforce.com', true, ['admin@acme.example.uat']],
  ]);
  assert.deepEqual(summary.orgs[0]?.apps[0]?.callbackUrls, ['http://localhost:9999/cb']);
  assert.deepEqual(Object.keys(summary.orgs[0] ?? {}), ['id', 'myDomain', 'sandbox', 'users', 'apps']);
});

test('control creates an org with a site, users and an app that OAuth then knows', async () => {
  const org = await running.control.createOrg({ name: 'globex', site: true, users: [{ username: 'ceo@globex.example' }], apps: [{ pkceRequired: true }] });
  assert.equal(org.myDomain, 'globex.my.salesforce.com');
  assert.equal(org.siteHost, 'globex.my.site.com');
  assert.equal(org.users[0]?.username, 'ceo@globex.example');
  const extra = await running.control.createUser(org.id, { username: 'cfo@globex.example', active: false });
  assert.equal(extra.active, false);
  const app = await running.control.updateApp(org.apps[0]?.clientId ?? '', { pkceRequired: false, rotateRefreshTokens: true });
  assert.equal(app.rotateRefreshTokens, true);
  const { query } = await authorizeForCode(running.origin, 'globex.my.salesforce.com', app);
  assert.ok(query.get('code'));
  const missing = await running.control.getOrg('00D000000000000AAA').catch((e: unknown) => e);
  assert.ok(missing instanceof SimControlError);
  assert.equal(missing.status, 404);
});

test('control edits records through the org data', async () => {
  const orgId = running.summary().orgs[0]?.id ?? '';
  const created = await running.control.createRecord(orgId, 'Account', { Name: 'Initech' });
  assert.match(String(created.Id), /^001/);
  const updated = await running.control.updateRecord(orgId, 'Account', String(created.Id), { Name: 'Initrode' });
  assert.equal(updated.Name, 'Initrode');
  await running.control.deleteRecord(orgId, 'Account', String(created.Id));
  const gone = await running.control.getRecord(orgId, 'Account', String(created.Id)).catch((e: unknown) => e);
  assert.ok(gone instanceof SimControlError && gone.status === 404);
  const back = await running.control.undeleteRecord(orgId, 'Account', String(created.Id));
  assert.equal(back.Name, 'Initrode');
});

test('an unknown Host is a 404; control routes answer on any host', async () => {
  const res = await requestAsHost(running.origin, 'unknown.my.salesforce.com', '/services/oauth2/userinfo');
  assert.equal(res.status, 404);
  const control = await requestAsHost(running.origin, 'whatever.example', '/__sim/summary');
  assert.equal(control.status, 200);
});

test('a fault answers matching requests with its status, body and headers, `times` times', async () => {
  const fault = await running.control.addFault({
    match: { method: 'POST', host: 'login.salesforce.com', pathPrefix: '/services/oauth2/token' },
    effect: { status: 503, body: { error: 'unavailable' }, headers: { 'retry-after': '1' } },
    times: 1,
  });
  const first = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', { form: { grant_type: 'x' } });
  assert.equal(first.status, 503);
  assert.deepEqual(first.json(), { error: 'unavailable' });
  assert.equal(first.headers['retry-after'], '1');
  const second = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', { form: { grant_type: 'x' } });
  assert.equal(second.status, 400);
  assert.equal((await running.control.listFaults()).find((f) => f.id === fault.id)?.hits, 1);
  await running.control.clearFaults();
  assert.deepEqual(await running.control.listFaults(), []);
});

test('a fault can add latency and still let the request through, or drop the connection', async () => {
  await running.control.addFault({ match: { pathRegex: '^/services/oauth2/userinfo' }, effect: { latencyMs: 20 }, times: 1 });
  const slow = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/userinfo');
  assert.equal(slow.status, 403);
  await running.control.addFault({ match: { pathPrefix: '/services/oauth2/introspect' }, effect: { dropConnection: true }, times: 1 });
  await assert.rejects(requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/introspect', { form: { token: 'x' } }), /socket hang up|ECONNRESET/);
  await running.control.clearFaults();
});

test('the request log records each request with its endpoint and grant type, counts them, and resets', async () => {
  await running.control.resetRequestLog();
  await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', { form: { grant_type: 'refresh_token', refresh_token: 'x' } });
  await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', { form: { grant_type: 'refresh_token', refresh_token: 'y' } });
  await requestAsHost(running.origin, 'acme.my.salesforce.com', '/services/oauth2/introspect', { form: { token: 'x' } });
  await running.control.summary();
  const log = await running.control.requestLog();
  assert.deepEqual(log.counts, { 'oauth2.token:refresh_token': 2, 'oauth2.introspect': 1 });
  assert.deepEqual(
    log.requests.map(({ method, host, path, endpoint, status, grantType }) => ({ method, host, path, endpoint, status, grantType })),
    [
      { method: 'POST', host: 'login.salesforce.com', path: '/services/oauth2/token', endpoint: 'oauth2.token:refresh_token', status: 400, grantType: 'refresh_token' },
      { method: 'POST', host: 'login.salesforce.com', path: '/services/oauth2/token', endpoint: 'oauth2.token:refresh_token', status: 400, grantType: 'refresh_token' },
      { method: 'POST', host: 'acme.my.salesforce.com', path: '/services/oauth2/introspect', endpoint: 'oauth2.introspect', status: 400, grantType: undefined },
    ],
  );
  await running.control.resetRequestLog();
  assert.deepEqual(await running.control.requestLog(), { requests: [], counts: {} });
});

test('control expires and revokes tokens by user, org or all', async () => {
  const org = running.summary().orgs[0];
  const app = running.sim.findApp(org?.apps[0]?.clientId ?? '');
  if (!org || !app) throw new Error('no default org');
  const { query } = await authorizeForCode(running.origin, 'login.salesforce.com', app);
  const res = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', {
    form: { grant_type: 'authorization_code', code: query.get('code') ?? '', client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: app.callbackUrls[0] ?? '' },
  });
  const access = res.json<{ access_token: string }>().access_token;
  assert.equal(await running.control.expireTokens({ userId: org.users[0]?.id ?? '' }), 1);
  const after401 = running.sim.authenticateRest({ authorization: `Bearer ${access}` }, 'acme.my.salesforce.com');
  assert.equal('status' in after401 ? after401.status : 200, 401);
  assert.equal(await running.control.revokeTokens({ orgId: org.id }), 2);
  assert.equal(await running.control.revokeTokens({ all: true }), 0);
});
