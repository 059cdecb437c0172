// issue 12 point 6: every delivery with its attempts and the app's answers, and Redeliver — against a real
// loopback receiver that refuses first and then accepts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';
import { waitUntil } from '../../testing/wait-until.js';
import type { DeliveryDetail, DeliverySummary } from '../webhook-delivery-query.js';

/** Answers each POST with the next status of `plan` (200 once the plan is used up), body `answer <status>`, a NUL, then 5000 x. */
async function plannedReceiver(plan: number[]): Promise<{ url: string; received: number; close(): Promise<void> }> {
  const state = { received: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.received++;
      const status = plan.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}\u0000${'x'.repeat(5000)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    get received() {
      return state.received;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('webhook deliveries API', () => {
  let t: TestTerapi;
  let receiver: Awaited<ReturnType<typeof plannedReceiver>>;

  before(async () => {
    t = await startTestTerapi({ webhookBackoffBaseMs: 20 });
    // connection "retried": 503 then 503 then 200 (retried by backoff); connection "refused": 400 (no retry), then 200 on redeliver.
    receiver = await plannedReceiver([503, 503]);
    const put = await t.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: true } });
    assert.equal(put.status, 200, await put.text());
    const integ = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf', credentials: { type: 'OAUTH2', client_id: 'id', client_secret: 'secret' } } });
    assert.equal(integ.status, 200, await integ.text());
  });
  after(async () => {
    await t?.close();
    await receiver?.close();
  });

  const importConnection = async (id: string) => {
    const res = await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: id, credentials: { type: 'OAUTH2', access_token: 'tok' } } });
    assert.equal(res.status, 201, await res.text());
  };
  const list = async (qs = ''): Promise<{ deliveries: DeliverySummary[]; next_cursor: string | null }> => {
    const res = await t.api(`/webhooks/deliveries${qs}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as { deliveries: DeliverySummary[]; next_cursor: string | null };
  };
  const detail = async (id: string): Promise<DeliveryDetail> => {
    const res = await t.api(`/webhooks/deliveries/${id}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as DeliveryDetail;
  };

  test('a delivery the app refused twice and then accepted shows its three attempts and answers', async () => {
    await importConnection('retried');
    const delivered = await waitUntil('the delivery to succeed after its retries', async () => (await list('?connection=retried')).deliveries.find((d) => d.status === 'delivered'));
    assert.equal(delivered.attempts, 3);
    assert.equal(delivered.event_type, 'auth');
    assert.equal(delivered.connection_id, 'retried');
    assert.equal(delivered.provider_config_key, 'sf');
    const d = await detail(delivered.id);
    assert.deepEqual(d.attempt_history.map((a) => [a.attempt, a.status, a.redelivery]), [[1, 503, false], [2, 503, false], [3, 200, false]]);
    for (const a of d.attempt_history) {
      assert.ok(a.response_body!.startsWith(`answer ${a.status}\uFFFDxxx`), 'the answer is kept, a NUL replaced');
      assert.ok(Buffer.byteLength(a.response_body!) <= 2048, 'the answer is cut to 2 KB');
      assert.ok(a.duration_ms >= 0);
    }
    assert.equal((d.payload as { connectionId: string }).connectionId, 'retried');
    const env = (await t.services.environments.findByName('dev'))!;
    const signingKey = await t.services.environments.webhookSigningKey(env.id);
    assert.ok(!JSON.stringify(d).includes(signingKey), 'the signing key is never shown');
  });

  test('a delivery the app refused for good is redelivered on request: a new attempt of the same payload, through the job queue', async () => {
    receiver = await (async () => {
      await receiver.close();
      return plannedReceiver([400]);
    })();
    const put = await t.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: true } });
    assert.equal(put.status, 200);
    await importConnection('refused');
    const failed = await waitUntil('the delivery to fail for good', async () => (await list('?status=failed')).deliveries.find((d) => d.connection_id === 'refused'));
    assert.equal(failed.attempts, 1);
    assert.equal(failed.last_status, 400);
    assert.deepEqual((await list('?status=failed&connection=retried')).deliveries, []);

    const redeliver = await t.api(`/webhooks/deliveries/${failed.id}/redeliver`, { method: 'POST' });
    assert.equal(redeliver.status, 202, await redeliver.clone().text());
    const done = await waitUntil('the redelivery', async () => {
      const d = await detail(failed.id);
      return d.status === 'delivered' ? d : undefined;
    });
    assert.deepEqual(done.attempt_history.map((a) => [a.attempt, a.status, a.redelivery]), [[1, 400, false], [2, 200, true]]);
    const before = (await detail(failed.id)).payload;
    assert.deepEqual(done.payload, before);
    // The attempts are in the operation log too.
    await t.services.operations.flush();
    const { rows } = await t.services.db.query<{ status: string; detail: { delivery_id: string; attempt: number; status: number } }>(
      "select status, detail from operations where kind = 'webhook_delivery' and detail->>'delivery_id' = $1 order by id",
      [failed.id],
    );
    assert.deepEqual(rows.map((r) => [r.status, r.detail.attempt, r.detail.status]), [['failed', 1, 400], ['success', 2, 200]]);
  });

  test('pages newest first by cursor; unknown ids are 404; bad parameters 400', async () => {
    const first = await list('?limit=1');
    assert.equal(first.deliveries.length, 1);
    assert.equal(first.deliveries[0]!.connection_id, 'refused');
    const second = await list(`?limit=1&cursor=${first.next_cursor}`);
    assert.equal(second.deliveries[0]!.connection_id, 'retried');
    assert.equal(second.next_cursor, null);
    for (const [method, path] of [['GET', '/webhooks/deliveries/999999'], ['POST', '/webhooks/deliveries/999999/redeliver']] as const) {
      const res = await t.api(path, { method });
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
    }
    for (const qs of ['?status=sent', '?limit=500', '?other=1']) {
      const res = await t.api(`/webhooks/deliveries${qs}`);
      assert.equal(res.status, 400, qs);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_query_params');
    }
    const bad = await t.api('/webhooks/deliveries?cursor=nope');
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'invalid_cursor');
  });
});
