import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { requestAsHost } from '../hosts/request-as-host.js';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { openRestSession, productionOrg, sandboxOrg, type RestTestSession } from './rest-test-session.js';

let running: RunningSalesforceSim;
let prod: RestTestSession;
let sandbox: RestTestSession;

before(async () => {
  running = await startSalesforceSim();
  prod = await openRestSession(running, productionOrg(running));
  sandbox = await openRestSession(running, sandboxOrg(running));
});
after(() => running.close());

test('GET /services/data/ lists versions without a session, uncounted and without Sforce-Limit-Info', async () => {
  const used = prod.org.data.limits.dailyApiUsed;
  const res = await requestAsHost(running.origin, prod.org.myDomain, '/services/data/');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
  assert.equal(res.headers['sforce-limit-info'], undefined);
  const versions = res.json<{ label: string; url: string; version: string }[]>();
  assert.deepEqual(versions.find((v) => v.version === '60.0'), { label: "Spring '24", url: '/services/data/v60.0', version: '60.0' });
  assert.deepEqual(versions.find((v) => v.version === '59.0'), { label: "Winter '24", url: '/services/data/v59.0', version: '59.0' });
  assert.equal(prod.org.data.limits.dailyApiUsed, used);
});

test('GET /services/data/v60.0/ lists resources and carries Sforce-Limit-Info', async () => {
  const res = await prod.call('GET', '/services/data/v60.0/');
  assert.equal(res.status, 200);
  assert.match(String(res.headers['sforce-limit-info']), /^api-usage=\d+\/15000$/);
  const body = res.json<Record<string, string>>();
  assert.equal(body.sobjects, '/services/data/v60.0/sobjects');
  assert.equal(body.query, '/services/data/v60.0/query');
  assert.equal(body.jobs, '/services/data/v60.0/jobs');
});

test('an unsupported version or one without .0 is 404 NOT_FOUND', async () => {
  for (const v of ['v38', 'v10.0', 'vX']) {
    const res = await prod.call('GET', `/services/data/${v}/sobjects`);
    assert.equal(res.status, 404);
    assert.deepEqual(res.json(), [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  }
  assert.equal((await prod.call('GET', '/services/data/latest/limits')).status, 200);
});

test('a missing or unknown token gets 401 INVALID_SESSION_ID with WWW-Authenticate: Token', async () => {
  for (const headers of [{}, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
    const res = await requestAsHost(running.origin, prod.org.myDomain, '/services/data/v60.0/limits', { headers });
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Token');
    assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
    assert.deepEqual(res.json(), [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  }
});

test("a token used on another org's host is rejected; on the bare origin it serves its own org", async () => {
  const wrong = await prod.call('GET', '/services/data/v60.0/limits', { host: sandbox.org.myDomain });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.json(), [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  const created = await sandbox.call('POST', '/services/data/v60.0/sobjects/Account', { body: { Name: 'Sandbox only' } });
  const id = created.json<{ id: string }>().id;
  const bare = new URL(running.origin).host;
  assert.equal((await sandbox.call('GET', `/services/data/v60.0/sobjects/Account/${id}`, { host: bare })).status, 200);
  assert.equal((await prod.call('GET', `/services/data/v60.0/sobjects/Account/${id}`, { host: bare })).status, 404);
});

test('the OAuth-style Authorization header works too', async () => {
  const res = await requestAsHost(running.origin, prod.org.myDomain, '/services/data/v60.0/limits', { headers: { authorization: `OAuth ${prod.token}` } });
  assert.equal(res.status, 200);
});

test('GET /limits reports DailyApiRequests from the real counter', async () => {
  const res = await prod.call('GET', '/services/data/v60.0/limits');
  const used = Number(/api-usage=(\d+)\//.exec(String(res.headers['sforce-limit-info']))![1]);
  const body = res.json<Record<string, { Max: number; Remaining: number }>>();
  assert.equal(body.DailyApiRequests!.Max, 15000);
  assert.equal(body.DailyApiRequests!.Remaining, 15000 - used);
  assert.deepEqual(body.DailyBulkV2QueryJobs, { Max: 10000, Remaining: 10000 });
});

test('when the daily allocation runs out calls get 403 REQUEST_LIMIT_EXCEEDED (with Sforce-Limit-Info)', async () => {
  const org = sandbox.org;
  org.data.limits.dailyApiMax = org.data.limits.dailyApiUsed + 1;
  assert.equal((await sandbox.call('GET', '/services/data/v60.0/limits')).status, 200);
  const res = await sandbox.call('GET', '/services/data/v60.0/limits');
  assert.equal(res.status, 403);
  assert.equal(res.headers['sforce-limit-info'], `api-usage=${org.data.limits.dailyApiMax}/${org.data.limits.dailyApiMax}`);
  assert.deepEqual(res.json(), [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
  org.data.limits.dailyApiMax = 15000;
  assert.equal((await sandbox.call('GET', '/services/data/v60.0/limits')).status, 200);
});

test('REST calls are named in the request log', async () => {
  await running.control.resetRequestLog();
  await prod.call('GET', '/services/data/v60.0/query?q=SELECT+Id+FROM+Account');
  await prod.call('GET', '/services/data/v60.0/sobjects/Account/describe');
  const log = await running.control.requestLog();
  assert.deepEqual(log.requests.map((r) => [r.endpoint, r.status]), [['rest.query', 200], ['rest.sobject.describe', 200]]);
});

test('a rejected REST call is still named by its resource in the request log', async () => {
  await running.control.resetRequestLog();
  await requestAsHost(running.origin, prod.org.myDomain, '/services/data/v60.0/sobjects/Account', { method: 'POST', headers: { authorization: 'Bearer nope' } });
  const log = await running.control.requestLog();
  assert.deepEqual(log.requests.map((r) => [r.endpoint, r.status]), [['rest.sobject.create', 401]]);
});
