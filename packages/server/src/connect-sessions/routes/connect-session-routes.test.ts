import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';

type ErrorBody = { error: { code: string; message: string; errors?: { path: string[] }[] } };

describe('connect sessions', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi();
    await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf' } });
  });
  after(() => t.close());

  test('create (201), read with the session token, delete (204) revokes it', async () => {
    const res = await t.api('/connect/sessions', {
      method: 'POST',
      json: { end_user: { id: 'u1', email: 'u1@example.com', display_name: 'U One', tags: { Team: 'red' } }, organization: { id: 'org1' }, allowed_integrations: ['sf'], tags: { Plan: 'pro' } },
    });
    assert.equal(res.status, 201);
    const { data } = (await res.json()) as { data: { token: string; connect_link: string; expires_at: string } };
    assert.match(data.token, /^nango_connect_session_[0-9a-f]{64}$/);
    assert.ok(data.connect_link.endsWith(`?session_token=${data.token}`));
    const ttl = Date.parse(data.expires_at) - Date.now();
    assert.ok(ttl > 29 * 60_000 && ttl <= 30 * 60_000);
    const got = await fetch(`${t.url}/connect/session`, { headers: { authorization: `Bearer ${data.token}` } });
    assert.equal(got.status, 200);
    const session = ((await got.json()) as { data: { endUser: { id: string; email: string }; allowed_integrations: string[] } }).data;
    assert.equal(session.endUser.id, 'u1');
    assert.deepEqual(session.allowed_integrations, ['sf']);
    const integrations = await fetch(`${t.url}/integrations`, { headers: { authorization: `Bearer ${data.token}` } });
    assert.equal(integrations.status, 200, 'the Connect UI lists integrations with the session token');
    const del = await fetch(`${t.url}/connect/session`, { method: 'DELETE', headers: { authorization: `Bearer ${data.token}` } });
    assert.equal(del.status, 204);
    const after = await fetch(`${t.url}/connect/session`, { headers: { authorization: `Bearer ${data.token}` } });
    assert.equal(after.status, 401);
  });

  test('bad bodies: missing end user, unknown integration (path named), bad tags, unknown keys', async () => {
    const cases: Array<[unknown, string[] | undefined]> = [
      [{}, ['end_user']],
      [{ end_user: { id: 'u' }, allowed_integrations: ['sf', 'ghost'] }, ['allowed_integrations', '1']],
      [{ end_user: { id: 'u' }, integrations_config_defaults: { ghost: {} } }, ['integrations_config_defaults', 'ghost']],
      [{ end_user: { id: 'u' }, tags: { '1bad': 'x' } }, undefined],
      [{ end_user: { id: 'u', extra: 1 } }, undefined],
      [{ end_user: { id: 'u' }, webhook_url_override: 'not a url' }, ['webhook_url_override']],
    ];
    for (const [body, path] of cases) {
      const res = await t.api('/connect/sessions', { method: 'POST', json: body });
      assert.equal(res.status, 400, JSON.stringify(body));
      const err = (await res.json()) as ErrorBody;
      assert.equal(err.error.code, 'invalid_body');
      if (path) assert.ok(err.error.errors?.some((e) => e.path.join('.') === path.join('.')), JSON.stringify(err));
    }
  });

  test('reconnect needs an existing connection', async () => {
    const res = await t.api('/connect/sessions/reconnect', { method: 'POST', json: { connection_id: 'ghost', integration_id: 'sf' } });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: { code: 'invalid_body', message: 'ConnectionID or IntegrationId does not exists' } });
    await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: 'c1', connection_config: { instance_url: 'https://a.my.salesforce.com' }, credentials: { type: 'OAUTH2', access_token: 't', refresh_token: 'r' } } });
    const ok = await t.api('/connect/sessions/reconnect', { method: 'POST', json: { connection_id: 'c1', integration_id: 'sf' } });
    assert.equal(ok.status, 201);
    const token = ((await ok.json()) as { data: { token: string } }).data.token;
    const session = (await (await fetch(`${t.url}/connect/session`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: { isReconnecting: boolean; allowed_integrations: string[] } };
    assert.equal(session.data.isReconnecting, true);
    assert.deepEqual(session.data.allowed_integrations, ['sf']);
  });
});
