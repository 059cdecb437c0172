// issue 5 point 3, against the simulator's fault injection: which failures are retried, how often, and the
// expired-session refresh + replay; timeouts, and a slow upstream not holding other requests.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { startProxyRig, type ProxyRig } from './proxy-test-rig.js';
import { ProxyEngine } from './proxy-engine.js';
import { proxyControlsOf } from './proxy-headers.js';
import { TerapiError } from '../errors/terapi-error.js';
import { ConnectionCache } from './connection-cache.js';

const V = '/services/data/v60.0';
const LIMITS = `${V}/limits`;
const HOST = 'acme.my.salesforce.com';
let rig: ProxyRig;

before(async () => {
  rig = await startProxyRig();
});
after(async () => {
  await rig?.close();
});
afterEach(async () => {
  await rig.sim.control.clearFaults();
});

async function proxied(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const res = await request(`${rig.t.url}/proxy${path}`, {
    method: (init.method ?? 'GET') as 'GET',
    headers: { authorization: `Bearer ${rig.t.devSecretKey}`, ...rig.proxyHeaders, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body ?? null,
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** Requests the simulator saw for a method and path prefix since the log was reset. */
async function upstreamHits(method: string, pathPrefix: string): Promise<number> {
  const log = await rig.sim.control.requestLog();
  return log.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix) && r.host === HOST).length;
}

async function fault(method: string, pathPrefix: string, effect: Record<string, unknown>, times: number) {
  await rig.sim.control.resetRequestLog();
  await rig.sim.control.addFault({ match: { method, pathPrefix, host: HOST }, effect, times });
}

const LIMIT_EXCEEDED = [{ message: 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }];

describe('retries', () => {
  test('429 and 503 are retried up to Retries, then the answer passes through', async () => {
    await fault('GET', LIMITS, { status: 429, body: { message: 'slow down' } }, 2);
    const ok = await proxied(LIMITS, { headers: { Retries: '2' } });
    assert.equal(ok.status, 200);
    assert.equal(await upstreamHits('GET', LIMITS), 3);

    await fault('GET', LIMITS, { status: 503, body: 'unavailable', headers: { 'content-type': 'text/plain' } }, 2);
    const exhausted = await proxied(LIMITS, { headers: { Retries: '1' } });
    assert.equal(exhausted.status, 503);
    assert.equal(exhausted.text, 'unavailable');
    assert.equal(exhausted.headers['content-type'], 'text/plain');
    assert.equal(await upstreamHits('GET', LIMITS), 2);
  });

  test('without Retries nothing is retried (the node client default)', async () => {
    await fault('GET', LIMITS, { status: 429, body: { message: 'slow down' } }, 1);
    const res = await proxied(LIMITS);
    assert.equal(res.status, 429);
    assert.deepEqual(JSON.parse(res.text), { message: 'slow down' });
    assert.equal(await upstreamHits('GET', LIMITS), 1);
  });

  test('403 REQUEST_LIMIT_EXCEEDED is retried; another 403 is not', async () => {
    await fault('GET', LIMITS, { status: 403, body: LIMIT_EXCEEDED }, 1);
    assert.equal((await proxied(LIMITS, { headers: { Retries: '2' } })).status, 200);
    assert.equal(await upstreamHits('GET', LIMITS), 2);

    await fault('GET', LIMITS, { status: 403, body: [{ message: 'insufficient access', errorCode: 'INSUFFICIENT_ACCESS' }] }, 1);
    const denied = await proxied(LIMITS, { headers: { Retries: '2' } });
    assert.equal(denied.status, 403);
    assert.deepEqual(JSON.parse(denied.text), [{ message: 'insufficient access', errorCode: 'INSUFFICIENT_ACCESS' }]);
    assert.equal(await upstreamHits('GET', LIMITS), 1);
  });

  test('a connection reset on GET is retried; without retries it is a proxy_request_failed error', async () => {
    await fault('GET', LIMITS, { dropConnection: true }, 1);
    assert.equal((await proxied(LIMITS, { headers: { Retries: '1' } })).status, 200);
    assert.equal(await upstreamHits('GET', LIMITS), 2);

    await fault('GET', LIMITS, { dropConnection: true }, 1);
    const failed = await proxied(LIMITS);
    assert.equal(failed.status, 502);
    assert.equal((JSON.parse(failed.text) as { error: { code: string } }).error.code, 'proxy_request_failed');
  });

  test('POST is not retried on 503 or a reset (it may have been processed) unless Retry-On names the status', async () => {
    const path = `${V}/sobjects/Account`;
    const body = JSON.stringify({ Name: 'Retry Co' });
    await fault('POST', path, { status: 503, body: 'unavailable' }, 1);
    assert.equal((await proxied(path, { method: 'POST', body, headers: { Retries: '3' } })).status, 503);
    assert.equal(await upstreamHits('POST', path), 1);

    await fault('POST', path, { dropConnection: true }, 1);
    assert.equal((await proxied(path, { method: 'POST', body, headers: { Retries: '3' } })).status, 502);
    assert.equal(await upstreamHits('POST', path), 1);

    await fault('POST', path, { status: 503, body: 'unavailable' }, 1);
    const optedIn = await proxied(path, { method: 'POST', body, headers: { Retries: '3', 'Retry-On': '503' } });
    assert.equal(optedIn.status, 201);
    assert.equal(await upstreamHits('POST', path), 2);
  });

  test('Retry-After is honoured when short and returned to the caller when too long to wait', async () => {
    await fault('GET', LIMITS, { status: 429, body: 'later', headers: { 'retry-after': '1' } }, 1);
    assert.equal((await proxied(LIMITS, { headers: { Retries: '1' } })).status, 200);
    assert.equal(await upstreamHits('GET', LIMITS), 2);

    await fault('GET', LIMITS, { status: 429, body: 'later', headers: { 'retry-after': '3600' } }, 1);
    const res = await proxied(LIMITS, { headers: { Retries: '3' } });
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '3600');
    assert.equal(await upstreamHits('GET', LIMITS), 1);
  });
});

describe('expired session', () => {
  test('a 401 INVALID_SESSION_ID refreshes the token once and replays the request, body included', async () => {
    await rig.sim.control.resetRequestLog();
    const before = await rig.token();
    assert.equal(await rig.sim.control.expireTokens({ token: before.accessToken }), 1);
    const created = await proxied(`${V}/sobjects/Account`, { method: 'POST', body: JSON.stringify({ Name: 'Replayed Co' }) });
    assert.equal(created.status, 201);
    const log = await rig.sim.control.requestLog();
    assert.equal(log.counts['oauth2.token:refresh_token'], 1);
    assert.equal(await upstreamHits('POST', `${V}/sobjects/Account`), 2);
    const after = await rig.token();
    assert.notEqual(after.accessToken, before.accessToken);
    const q = await proxied(`${V}/query?q=${encodeURIComponent("SELECT Id FROM Account WHERE Name = 'Replayed Co'")}`);
    assert.equal((JSON.parse(q.text) as { totalSize: number }).totalSize, 1);
    assert.equal((await rig.sim.control.requestLog()).counts['oauth2.token:refresh_token'], 1);
  });

  test('credentials due to expire are refreshed before the call, as GET /connections/:id does', async () => {
    const s = rig.t.services;
    const env = (await s.environments.findBySecretKey(rig.t.devSecretKey))!;
    const c = (await s.connections.get(env.id, rig.providerConfigKey, rig.connectionId))!;
    await s.db.query(`update connections set token_expires_at = now() + interval '1 minute', last_refresh_at = now() - interval '2 hours' where id = $1`, [c.id]);
    s.proxy.engine.cache.delete(ConnectionCache.key(env.id, rig.providerConfigKey, rig.connectionId));
    await rig.sim.control.resetRequestLog();
    assert.equal((await proxied(LIMITS)).status, 200);
    const log = await rig.sim.control.requestLog();
    assert.equal(log.counts['oauth2.token:refresh_token'], 1);
    assert.deepEqual(log.requests.filter((r) => r.path === LIMITS).map((r) => r.status), [200]);
  });

  test('the replay after a refresh does not use up one of the Retries', async () => {
    await fault('GET', LIMITS, { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] }, 1);
    await rig.sim.control.addFault({ match: { method: 'GET', pathPrefix: LIMITS, host: HOST }, effect: { status: 503, body: 'unavailable' }, times: 1 });
    assert.equal((await proxied(LIMITS, { headers: { Retries: '1' } })).status, 200);
    assert.equal(await upstreamHits('GET', LIMITS), 3);
    assert.equal((await rig.sim.control.requestLog()).counts['oauth2.token:refresh_token'], 1);
  });

  test('a second 401 after the replay goes back to the caller unchanged', async () => {
    await fault('GET', LIMITS, { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], headers: { 'www-authenticate': 'Token' } }, 2);
    const res = await proxied(LIMITS, { headers: { Retries: '3' } });
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Token');
    assert.deepEqual(JSON.parse(res.text), [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    assert.equal(await upstreamHits('GET', LIMITS), 2);
    assert.equal((await rig.sim.control.requestLog()).counts['oauth2.token:refresh_token'], 1);
  });
});

describe('timeouts', () => {
  test('an upstream slower than the timeout is a proxy_timeout error', async () => {
    await fault('GET', LIMITS, { latencyMs: 1500 }, 1);
    const s = rig.t.services;
    const env = (await s.environments.findBySecretKey(rig.t.devSecretKey))!;
    const engine = new ProxyEngine({ ...s, timeoutMs: 100 });
    const headers = { 'connection-id': rig.connectionId, 'provider-config-key': rig.providerConfigKey };
    await assert.rejects(
      engine.forward({ environmentId: env.id, method: 'GET', controls: proxyControlsOf(headers), endpoint: LIMITS, headers: {}, body: null, signal: new AbortController().signal }, engine.newTrace()),
      (err: unknown) => err instanceof TerapiError && err.code === 'proxy_timeout' && err.status === 504,
    );
  });

  test('a slow upstream does not hold the process: other proxied calls are answered meanwhile', async () => {
    await fault('GET', LIMITS, { latencyMs: 1500 }, 1);
    let slowDone = false;
    const slow = proxied(LIMITS).then((r) => {
      slowDone = true;
      return r;
    });
    for (let i = 0; i < 5; i++) assert.equal((await proxied(`${V}/query?q=SELECT+Id+FROM+Account+LIMIT+1`)).status, 200);
    assert.equal(slowDone, false);
    assert.equal((await slow).status, 200);
  });
});
