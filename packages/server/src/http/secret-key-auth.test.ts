import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';

describe('secret-key authentication and the error envelope', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi();
  });
  after(() => t.close());

  test('GET /health answers {"result":"ok"} without a key', async () => {
    const res = await fetch(`${t.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { result: 'ok' });
  });

  type Code = { status: number; code: string };
  const codeOf = async (res: Response): Promise<Code> => ({ status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code });

  /** Every served route that declares a scheme (http/route-contract.ts), path parameters filled in. */
  const protectedRoutes = () =>
    t.routes
      .list()
      .flatMap((r) => (r.contract && r.contract.auth.length ? [r.contract] : []))
      .map((c) => ({ method: c.method === 'ALL' ? 'GET' : c.method, path: c.url.replace(/:[A-Za-z]+/g, 'x').replace('*', 'x'), auth: c.auth }));

  test('the route table holds every protected route, /records, /sync/*, /action/*, /functions/* and /proxy included', () => {
    const paths = new Set(protectedRoutes().map((r) => `${r.method} ${r.path}`));
    for (const p of ['GET /records', 'PATCH /records/prune', 'POST /sync/trigger', 'POST /sync/start', 'GET /sync/status', 'DELETE /sync/x/variant/x', 'POST /action/trigger', 'GET /action/x', 'POST /functions/deploy', 'POST /functions/dryrun', 'GET /scripts/config', 'GET /proxy/x', 'GET /connections', 'PUT /environment/webhook']) {
      assert.ok(paths.has(p), p);
    }
    assert.ok(paths.size >= 40, `${paths.size} routes`);
  });

  test('every protected route refuses a missing credential and a wrong one, with the code of its scheme', async () => {
    const uuid = '6f1b8a1e-9c7d-4e2a-8b3c-1d2e3f4a5b6c';
    const unknownSession = `nango_connect_session_${'ab'.repeat(32)}`;
    for (const { method, path, auth } of protectedRoutes()) {
      const at = `${method} ${path}`;
      const send = (headers: Record<string, string> = {}, query = '') => fetch(`${t.url}${path}${query}`, { method, headers });
      if (auth.includes('connectSessionTokenQuery')) {
        assert.deepEqual(await codeOf(await send()), { status: 401, code: 'missing_public_key' }, at);
        assert.deepEqual(await codeOf(await send({}, '?connect_session_token=nope')), { status: 401, code: 'invalid_connect_session_token_format' }, at);
        assert.deepEqual(await codeOf(await send({}, `?connect_session_token=${unknownSession}`)), { status: 401, code: 'unknown_connect_session_token' }, at);
        continue;
      }
      if (auth.includes('dashboardSession')) {
        assert.deepEqual(await codeOf(await send()), { status: 401, code: 'dashboard_session_invalid' }, at);
        assert.deepEqual(await codeOf(await send({ cookie: `terapi_dashboard=${'a'.repeat(43)}` })), { status: 401, code: 'dashboard_session_invalid' }, at);
        continue;
      }
      assert.deepEqual(await codeOf(await send()), { status: 401, code: 'missing_auth_header' }, at);
      if (auth.includes('secretKey')) {
        const malformed = await codeOf(await send({ authorization: 'Bearer not-a-uuid' }));
        assert.equal(malformed.status, 401, at);
        assert.ok(['invalid_secret_key_format', 'invalid_connect_session_token_format'].includes(malformed.code), `${at}: ${malformed.code}`);
        assert.deepEqual(await codeOf(await send({ authorization: `Bearer ${uuid}` })), { status: 401, code: 'unknown_account' }, at);
      } else {
        assert.deepEqual(await codeOf(await send({ authorization: `Bearer ${t.devSecretKey}` })), { status: 401, code: 'invalid_connect_session_token_format' }, at);
      }
      if (auth.includes('connectSessionToken')) assert.deepEqual(await codeOf(await send({ authorization: `Bearer ${unknownSession}` })), { status: 401, code: 'unknown_connect_session_token' }, at);
    }
  });

  test('GET /connect/session takes only a connect session token', async () => {
    const none = await fetch(`${t.url}/connect/session`);
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'missing_auth_header');
    const secret = await t.api('/connect/session');
    assert.equal(secret.status, 401);
    assert.equal(((await secret.json()) as { error: { code: string } }).error.code, 'invalid_connect_session_token_format');
    const unknown = await fetch(`${t.url}/connect/session`, { headers: { authorization: `Bearer nango_connect_session_${'ab'.repeat(32)}` } });
    assert.equal(unknown.status, 401);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'unknown_connect_session_token');
  });

  test('a non-JSON content type is refused with 415 and malformed JSON with invalid_json', async () => {
    const r1 = await t.api('/integrations', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    assert.equal(r1.status, 415);
    assert.equal(((await r1.json()) as { error: { code: string } }).error.code, 'invalid_content_type');
    const r2 = await t.api('/integrations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"provider":' });
    assert.equal(r2.status, 400);
    assert.equal(((await r2.json()) as { error: { code: string } }).error.code, 'invalid_json');
  });

  test('an unknown route is a 404 in the error envelope', async () => {
    const res = await t.api('/nope');
    assert.equal(res.status, 404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'route_not_found');
  });
});
