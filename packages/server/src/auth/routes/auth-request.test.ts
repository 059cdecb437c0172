import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';
import { connectSessionToken, createIntegration } from '../../providers/salesforce/testing/salesforce-test-fixture.js';

let t: TestTerapi;
before(async () => {
  t = await startTestTerapi();
  await createIntegration(t, 'salesforce-jwt');
  await createIntegration(t, 'salesforce-cc');
});
after(() => t.close());

const ENDPOINTS = ['/auth/two-step/salesforce-jwt', '/auth/jwt/salesforce-jwt', '/oauth2/auth/salesforce-cc'];

async function post(path: string, query: string, body: unknown = {}): Promise<{ status: number; error: { code: string; message?: string } }> {
  const res = await fetch(`${t.url}${path}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, error: ((await res.json()) as { error: { code: string; message?: string } }).error };
}

test('the POST auth endpoints refuse a missing, malformed or unknown connect session token', async () => {
  for (const path of ENDPOINTS) {
    assert.deepEqual([(await post(path, '')).status, (await post(path, '')).error.code], [401, 'missing_public_key'], path);
    const malformed = await post(path, '?connect_session_token=abc');
    assert.deepEqual([malformed.status, malformed.error.code], [401, 'invalid_connect_session_token_format'], path);
    const unknown = await post(path, `?connect_session_token=nango_connect_session_${'0'.repeat(64)}`);
    assert.deepEqual([unknown.status, unknown.error.code], [401, 'unknown_connect_session_token'], path);
  }
});

test('with a session token: connection_id is forbidden, allowed_integrations is enforced, unknown integrations are 404 (two-step, jwt) or 400 (oauth2)', async () => {
  const jwtOnly = await connectSessionToken(t, 'salesforce-jwt');
  for (const path of ['/auth/two-step/salesforce-jwt', '/auth/jwt/salesforce-jwt']) {
    const withId = await post(path, `?connect_session_token=${jwtOnly}&connection_id=mine`);
    assert.deepEqual([withId.status, withId.error.code, withId.error.message], [400, 'invalid_query_params', 'connection_id is forbidden when using session token']);
  }
  const notAllowed = await post('/oauth2/auth/salesforce-cc', `?connect_session_token=${jwtOnly}`, { client_id: 'a', client_secret: 'b' });
  assert.deepEqual([notAllowed.status, notAllowed.error.code], [400, 'integration_not_allowed']);

  const open = (await (await t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u' } } })).json()) as { data: { token: string } };
  const twoStep = await post('/auth/two-step/missing', `?connect_session_token=${open.data.token}`);
  assert.deepEqual([twoStep.status, twoStep.error.code], [404, 'unknown_provider_config']);
  const cc = await post('/oauth2/auth/missing', `?connect_session_token=${open.data.token}`, { client_id: 'a', client_secret: 'b' });
  assert.deepEqual([cc.status, cc.error.code], [400, 'unknown_provider_config']);
  const wrongMode = await post('/oauth2/auth/salesforce-jwt', `?connect_session_token=${open.data.token}`, { client_id: 'a', client_secret: 'b' });
  assert.deepEqual([wrongMode.status, wrongMode.error.code], [400, 'invalid_auth_mode']);
  const notAnObject = await post('/auth/jwt/salesforce-jwt', `?connect_session_token=${open.data.token}`, ['a']);
  assert.deepEqual([notAnObject.status, notAnObject.error.code], [400, 'invalid_body']);
});
