import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Nango } from '@nangohq/node';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { stableStringify } from './stable-json.js';
import { WebhookTestReceiver } from './webhook-test-receiver.js';

// One `api` process that stays up (and owns the database), and `worker` processes that deliver webhooks.
let api: TestTerapi & { encryptionKey: string };
let receiver: WebhookTestReceiver;
// webhook_url_override may not name a loopback host; tests reach a loopback receiver through TERAPI_UPSTREAM_MAP.
let override: WebhookTestReceiver;
const OVERRIDE_HOST = 'hooks.app.example';
const overrideEnv = () => ({ TERAPI_UPSTREAM_MAP: `${OVERRIDE_HOST}=${new URL(override.url).origin}` });
before(async () => {
  override = await WebhookTestReceiver.start();
  api = await startTestTerapi({ role: 'api', env: overrideEnv() });
  receiver = await WebhookTestReceiver.start();
  const res = await api.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: 'cid', client_secret: 'secret' } } });
  assert.equal(res.status, 200);
});
after(async () => {
  await api.close();
  await receiver.close();
  await override.close();
});

const worker = () => startTestTerapi({ role: 'worker', database: { url: api.databaseUrl, encryptionKey: api.encryptionKey }, webhookBackoffBaseMs: 20, env: overrideEnv() });

async function importConnection(connectionId: string): Promise<void> {
  const res = await api.api('/connections', {
    method: 'POST',
    json: { provider_config_key: 'salesforce', connection_id: connectionId, credentials: { type: 'OAUTH2', access_token: `token-${connectionId}` }, connection_config: { instance_url: 'https://acme.my.salesforce.com' } },
  });
  assert.equal(res.status, 201, await res.clone().text());
}

test('PUT /environment/webhook sets the URLs and switches; GET /environment gives them and the signing key; bad input is 400 invalid_body', async () => {
  const put = await api.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, secondary_url: null, on_auth_creation: true } });
  assert.equal(put.status, 200);
  assert.deepEqual(await put.json(), {
    primary_url: receiver.url,
    secondary_url: null,
    on_auth_creation: true,
    on_auth_refresh_error: true,
    on_sync_completion_always: false,
    on_sync_error: true,
    on_async_action_completion: false,
  });
  const env = (await (await api.api('/environment')).json()) as { name: string; webhook_signing_key: string; webhook: { primary_url: string } };
  assert.equal(env.name, 'dev');
  assert.match(env.webhook_signing_key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(env.webhook_signing_key, api.devSecretKey);
  assert.equal(env.webhook.primary_url, receiver.url);
  for (const bad of [{ primary_url: 'not a url' }, { primary_url: 'ftp://example.com/x' }, { on_auth_creation: 'yes' }, { surprise: true }]) {
    const res = await api.api('/environment/webhook', { method: 'PUT', json: bad });
    assert.equal(res.status, 400, JSON.stringify(bad));
    const body = (await res.json()) as { error: { code: string; errors: unknown[] } };
    assert.equal(body.error.code, 'invalid_body');
    assert.ok(body.error.errors.length > 0);
  }
  assert.equal((await fetch(`${api.url}/environment`)).status, 401);
});

test('the app endpoint down for a while and the worker restarted in between: every auth webhook arrives once, signed as Nango signs', async () => {
  const put = await api.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: true } });
  assert.equal(put.status, 200);
  receiver.down = true;
  const ids = ['wh-1', 'wh-2', 'wh-3'];
  for (const id of ids) await importConnection(id);
  await importConnection('wh-1'); // re-authorization: an `override` event

  const first = await worker();
  await receiver.waitFor((r) => r.refused >= 8); // every delivery refused at least twice
  await first.close();
  const { rows } = await api.services.db.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where status = 'pending'`);
  assert.equal(rows[0]!.n, 4, 'nothing lost, nothing given up while the endpoint was down');
  assert.equal(receiver.received.length, 0);

  receiver.down = false;
  const second = await worker();
  try {
    await receiver.waitFor((r) => r.received.length >= 4);
  } finally {
    await second.close();
  }
  assert.equal(receiver.received.length, 4);
  const events = receiver.received.map((w) => `${String(w.json.connectionId)}:${String(w.json.operation)}`).sort();
  assert.deepEqual(events, ['wh-1:creation', 'wh-1:override', 'wh-2:creation', 'wh-3:creation']);

  const key = ((await (await api.api('/environment')).json()) as { webhook_signing_key: string }).webhook_signing_key;
  const nango = new Nango({ host: api.url, secretKey: api.devSecretKey, webhookSigningKey: key });
  const wrongKey = new Nango({ host: api.url, secretKey: api.devSecretKey });
  for (const w of receiver.received) {
    assert.equal(w.body, stableStringify(w.json), 'the body is key-sorted stable JSON');
    assert.equal(nango.verifyIncomingWebhookRequest(w.body, w.headers as Record<string, string>), true);
    assert.equal(nango.verifyWebhookSignature(String(w.headers['x-nango-signature']), w.json), true);
    assert.equal(wrongKey.verifyIncomingWebhookRequest(w.body, w.headers as Record<string, string>), false);
    assert.equal(w.headers['content-type'], 'application/json');
    assert.deepEqual(
      { from: w.json.from, type: w.json.type, providerConfigKey: w.json.providerConfigKey, provider: w.json.provider, authMode: w.json.authMode, environment: w.json.environment, success: w.json.success },
      { from: 'nango', type: 'auth', providerConfigKey: 'salesforce', provider: 'salesforce', authMode: 'OAUTH2', environment: 'dev', success: true },
    );
  }
});

test('a connection webhook_url_override replaces the primary URL and drops the secondary; on_auth_creation off silences creation but not override', async () => {
  const secondary = await WebhookTestReceiver.start();
  receiver.received.length = 0;
  receiver.down = false;
  const w = await worker();
  try {
    assert.equal((await api.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, secondary_url: secondary.url, on_auth_creation: true } })).status, 200);
    await importConnection('both-urls');
    const res = await api.api('/connections', {
      method: 'POST',
      json: { provider_config_key: 'salesforce', connection_id: 'overridden', webhook_url_override: `http://${OVERRIDE_HOST}/webhooks`, credentials: { type: 'OAUTH2', access_token: 't' } },
    });
    assert.equal(res.status, 201);
    await receiver.waitFor((r) => r.received.length >= 1);
    await secondary.waitFor((r) => r.received.length >= 1);
    await override.waitFor((r) => r.received.length >= 1);

    assert.equal((await api.api('/environment/webhook', { method: 'PUT', json: { on_auth_creation: false } })).status, 200);
    await importConnection('silent');
    await importConnection('both-urls'); // override: sent whenever a URL exists
    await receiver.waitFor((r) => r.received.length >= 2);
    await secondary.waitFor((r) => r.received.length >= 2);
  } finally {
    await w.close();
    await secondary.close();
  }
  const seen = (r: WebhookTestReceiver) => r.received.map((x) => `${String(x.json.connectionId)}:${String(x.json.operation)}`);
  assert.deepEqual(seen(receiver), ['both-urls:creation', 'both-urls:override']);
  assert.deepEqual(seen(secondary), ['both-urls:creation', 'both-urls:override']);
  assert.deepEqual(seen(override), ['overridden:creation']);
  const { rows } = await api.services.db.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where status <> 'delivered'`);
  assert.equal(rows[0]!.n, 0);
});
