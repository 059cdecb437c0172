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

  const protectedRoutes: Array<[string, string]> = [
    ['GET', '/integrations'],
    ['POST', '/integrations'],
    ['GET', '/integrations/x'],
    ['PATCH', '/integrations/x'],
    ['DELETE', '/integrations/x'],
    ['GET', '/providers'],
    ['GET', '/providers/salesforce'],
    ['POST', '/connect/sessions'],
    ['POST', '/connect/sessions/reconnect'],
    ['GET', '/connections'],
    ['GET', '/connections/abc?provider_config_key=x'],
    ['PATCH', '/connections/abc?provider_config_key=x'],
    ['DELETE', '/connections/abc?provider_config_key=x'],
    ['POST', '/connections/metadata'],
    ['PATCH', '/connections/metadata'],
    ['POST', '/connections'],
    ['GET', '/environment'],
    ['PUT', '/environment/webhook'],
  ];

  for (const [method, path] of protectedRoutes) {
    test(`${method} ${path} refuses a missing key (401 missing_auth_header) and a wrong key`, async () => {
      const none = await fetch(`${t.url}${path}`, { method });
      assert.equal(none.status, 401);
      assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'missing_auth_header');
      const malformed = await fetch(`${t.url}${path}`, { method, headers: { authorization: 'Bearer not-a-uuid' } });
      assert.equal(malformed.status, 401);
      const code = ((await malformed.json()) as { error: { code: string } }).error.code;
      assert.ok(['invalid_secret_key_format', 'invalid_connect_session_token_format'].includes(code), code);
      const unknown = await fetch(`${t.url}${path}`, { method, headers: { authorization: 'Bearer 6f1b8a1e-9c7d-4e2a-8b3c-1d2e3f4a5b6c' } });
      assert.equal(unknown.status, 401);
      assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'unknown_account');
    });
  }

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
