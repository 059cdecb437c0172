// issue 9 points 6 and 7: whoever reaches the API port sees no connection id in /metrics; the holder of
// TERAPI_METRICS_KEY sees the per-connection series, and a deleted connection's series go away.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';

const METRICS_KEY = 'metrics-key-0123456789abcdef';
const CONNECTION_ID = 'conn-7f3a9c-secret-looking-id';

/** A connection whose API usage the proxy recorded (the recorder the proxy uses, flushed). */
async function connectionWithApiUsage(t: TestTerapi, connectionId: string): Promise<void> {
  if ((await t.api('/integrations/sf')).status !== 200) {
    const created = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf', credentials: { type: 'OAUTH2', client_id: 'a', client_secret: 'b' } } });
    assert.equal(created.status, 200);
  }
  const imported = await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: connectionId, credentials: { type: 'OAUTH2', access_token: 'x' } } });
  assert.equal(imported.status, 201);
  const env = await t.services.environments.findBySecretKey(t.devSecretKey);
  const row = await t.services.connections.get(env!.id, 'sf', connectionId);
  const runtime = t.services.proxy;
  runtime.apiUsage.record(row!.id, { used: 120, max: 15000 });
  await runtime.flush();
}

const scrape = (t: TestTerapi, authorization?: string) => fetch(`${t.url}/metrics`, authorization ? { headers: { authorization } } : {});
const codeOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];

describe('without TERAPI_METRICS_KEY', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi();
    await connectionWithApiUsage(t, CONNECTION_ID);
  });
  after(() => t.close());

  test('an unauthenticated GET /metrics answers the aggregates and no connection id', async () => {
    const res = await scrape(t);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /^terapi_process_resident_memory_bytes \d+/m);
    assert.match(text, /^# TYPE terapi_proxy_requests_total counter$/m);
    assert.ok(!text.includes(CONNECTION_ID), 'the connection id is not shown');
    assert.doesNotMatch(text, /connection_id=/);
    // a secret key of an environment does not unlock them either
    assert.ok(!(await (await scrape(t, `Bearer ${t.devSecretKey}`)).text()).includes(CONNECTION_ID));
  });
});

describe('with TERAPI_METRICS_KEY', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi({ env: { TERAPI_METRICS_KEY: METRICS_KEY } });
    await connectionWithApiUsage(t, CONNECTION_ID);
    await connectionWithApiUsage(t, 'other-connection');
  });
  after(() => t.close());

  test('GET /metrics without the key, or with another, is 401 and shows nothing', async () => {
    assert.deepEqual(await codeOf(await scrape(t)), [401, 'missing_auth_header']);
    assert.deepEqual(await codeOf(await scrape(t, 'Bearer wrong-key-0123456789abcdef')), [401, 'invalid_metrics_key']);
    assert.deepEqual(await codeOf(await scrape(t, `Bearer ${t.devSecretKey}`)), [401, 'invalid_metrics_key']);
  });

  test('the key holder sees each connection’s API usage; a deleted connection’s series disappear', async () => {
    const series = (text: string, id: string) => text.split('\n').filter((l) => l.includes(`connection_id="${id}"`));
    const res = await scrape(t, `Bearer ${METRICS_KEY}`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, new RegExp(`^terapi_connection_api_usage_used\\{provider_config_key="sf",connection_id="${CONNECTION_ID}"\\} 120$`, 'm'));
    assert.match(text, new RegExp(`^terapi_connection_api_usage_max\\{provider_config_key="sf",connection_id="${CONNECTION_ID}"\\} 15000$`, 'm'));
    assert.equal(series(text, CONNECTION_ID).length, 3);
    assert.equal((await t.api(`/connections/${CONNECTION_ID}?provider_config_key=sf`, { method: 'DELETE' })).status, 200);
    const afterDelete = await (await scrape(t, `Bearer ${METRICS_KEY}`)).text();
    assert.deepEqual(series(afterDelete, CONNECTION_ID), []);
    assert.equal(series(afterDelete, 'other-connection').length, 3);
  });
});
