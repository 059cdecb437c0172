// Attack: an end user holding a connect-session token probes the environment for integrations its session
// does not allow. Every route a session token may call answers an integration outside allowed_integrations
// exactly as it answers a key that does not exist, so the token reveals nothing beyond its session.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';

describe('a connect-session token sees only what its session allows', () => {
  let t: TestTerapi;
  let token: string;
  before(async () => {
    t = await startTestTerapi();
    for (const key of ['allowed', 'hidden']) {
      const res = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: key, credentials: { type: 'OAUTH2', client_id: 'cid', client_secret: 'secret' } } });
      assert.equal(res.status, 200);
    }
    const s = await t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u1' }, allowed_integrations: ['allowed'] } });
    token = ((await s.json()) as { data: { token: string } }).data.token;
  });
  after(() => t?.close());

  const answer = async (res: Response) => ({ status: res.status, body: await res.text() });
  const asSession = (path: string, init: RequestInit = {}) => fetch(`${t.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });

  test('GET /integrations/:key of an integration outside allowed_integrations is the 404 of an unknown key', async () => {
    const hidden = await answer(await asSession('/integrations/hidden'));
    const unknown = await answer(await asSession('/integrations/no-such-key'));
    assert.deepEqual(hidden, unknown);
    assert.deepEqual({ status: hidden.status, body: JSON.parse(hidden.body) }, { status: 404, body: { error: { code: 'not_found', message: 'Integration does not exist' } } });
    assert.equal((await asSession('/integrations/allowed')).status, 200);
    // With include=… the session is refused before anything is looked up, alike for both.
    assert.deepEqual(await answer(await asSession('/integrations/hidden?include=webhook')), await answer(await asSession('/integrations/no-such-key?include=webhook')));
    // The secret key still sees it.
    assert.equal((await t.api('/integrations/hidden')).status, 200);
  });

  test('GET /integrations lists only the allowed ones', async () => {
    const list = (await (await asSession('/integrations')).json()) as { data: { unique_key: string }[] };
    assert.deepEqual(list.data.map((i) => i.unique_key), ['allowed']);
  });

  test('the auth endpoints answer a hidden integration as they answer an unknown one', async () => {
    const q = `connect_session_token=${token}`;
    const pairs: Array<[string, RequestInit]> = [
      [`/oauth/connect/KEY?${q}`, { redirect: 'manual' }],
      [`/oauth2/auth/KEY?${q}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: 'x', client_secret: 'y' }) }],
      [`/auth/two-step/KEY?${q}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({}) }],
      [`/auth/jwt/KEY?${q}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({}) }],
    ];
    for (const [path, init] of pairs) {
      const hidden = await answer(await fetch(`${t.url}${path.replace('KEY', 'hidden')}`, init));
      const unknown = await answer(await fetch(`${t.url}${path.replace('KEY', 'no-such-key')}`, init));
      assert.deepEqual(hidden, unknown, path);
      assert.equal(hidden.status, 400, path);
      assert.equal((JSON.parse(hidden.body) as { error: { code: string } }).error.code, 'integration_not_allowed', path);
    }
  });
});
