// Attack: a secret-key holder (or a leaked one) stores a webhook_url_override aimed at terapi's own network,
// so every auth and sync event POSTs into it (nango-api.md §2.1). Each route that stores the field refuses
// private, loopback and link-local hosts with invalid_body naming it; TERAPI_UPSTREAM_MAP still allows a host.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { WebhookTestReceiver } from './webhook-test-receiver.js';

type ErrorBody = { error: { code: string; message: string; errors?: { path: string[] }[] } };

const PRIVATE_URLS = [
  'http://127.0.0.1:9/hook',
  'http://2130706433/hook', // 127.0.0.1 as one decimal number
  'http://0x7f.1/hook',
  'http://127.0.0.1./hook',
  'http://0.0.0.0/hook',
  'http://10.1.2.3/hook',
  'http://172.16.0.1/hook',
  'http://192.168.1.1/hook',
  'http://169.254.169.254/latest/meta-data/', // cloud metadata
  'http://100.64.0.1/hook',
  'http://[::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:a00:1]/hook',
  'http://[fd00::1]/hook',
  'http://[fe80::1]/hook',
  'http://localhost:3003/hook',
  'http://LOCALHOST./hook',
  'https://admin.localhost/hook',
  'file:///etc/passwd',
];

describe('webhook_url_override refuses private and loopback addresses', () => {
  let t: TestTerapi;
  let receiver: WebhookTestReceiver;
  before(async () => {
    receiver = await WebhookTestReceiver.start();
    t = await startTestTerapi({ env: { TERAPI_UPSTREAM_MAP: `hooks.app.example=${new URL(receiver.url).origin}` } });
    await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf' } });
    const imported = await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: 'c1', credentials: { type: 'OAUTH2', access_token: 't' } } });
    assert.equal(imported.status, 201);
  });
  after(async () => {
    await t?.close();
    await receiver?.close();
  });

  /** Every route that stores webhook_url_override, as the request that would store `url`. */
  const routes: Array<[string, (url: string) => Promise<Response>]> = [
    ['POST /connect/sessions', (url) => t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u' }, webhook_url_override: url } })],
    ['POST /connect/sessions/reconnect', (url) => t.api('/connect/sessions/reconnect', { method: 'POST', json: { connection_id: 'c1', integration_id: 'sf', webhook_url_override: url } })],
    ['PATCH /connections/:id', (url) => t.api('/connections/c1?provider_config_key=sf', { method: 'PATCH', json: { webhook_url_override: url } })],
    ['POST /connections', (url) => t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: 'c2', webhook_url_override: url, credentials: { type: 'OAUTH2', access_token: 't' } } })],
  ];

  test('each route answers 400 invalid_body naming webhook_url_override, and stores nothing', async () => {
    for (const [name, send] of routes) {
      for (const url of PRIVATE_URLS) {
        const res = await send(url);
        const body = (await res.json()) as ErrorBody;
        assert.equal(res.status, 400, `${name} ${url}`);
        assert.equal(body.error.code, 'invalid_body', `${name} ${url}`);
        assert.match(body.error.message, /webhook_url_override/);
        assert.deepEqual(body.error.errors?.map((e) => e.path.join('.')), ['webhook_url_override'], `${name} ${url}`);
      }
    }
    const { rows } = await t.services.db.query<{ n: number }>(`select (select count(*) from connections where webhook_url_override is not null or connection_id = 'c2')::int + (select count(*) from connect_sessions)::int as n`);
    assert.equal(rows[0]!.n, 0);
  });

  test('public hosts, a host TERAPI_UPSTREAM_MAP maps, and the empty string are accepted', async () => {
    for (const [name, send] of routes) {
      for (const url of ['https://hooks.example.com/terapi', 'http://hooks.app.example/webhooks', '']) {
        const res = await send(url);
        assert.ok(res.status === 200 || res.status === 201, `${name} ${url}: ${res.status} ${await res.text()}`);
      }
    }
  });
});
