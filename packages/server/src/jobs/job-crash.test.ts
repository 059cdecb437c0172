// Issue 10 §1: a job is as durable as the change that caused it. A process SIGKILLed after the change
// committed and before the job ran, or in the middle of the job: after a restart the job runs, once in effect.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { WebhookTestReceiver } from '../webhooks/webhook-test-receiver.js';
import { eventually } from './testing/eventually.js';
import { spawnTerapi, type TerapiProcess } from './testing/spawn-terapi.js';

let api: TestTerapi & { encryptionKey: string };
const children: TerapiProcess[] = [];
const vars = (role: 'api' | 'worker') => ({ DATABASE_URL: api.databaseUrl, TERAPI_ENCRYPTION_KEY: api.encryptionKey, TERAPI_ROLE: role });
const worker = (staleLockMs?: number) =>
  startTestTerapi({ role: 'worker', database: { url: api.databaseUrl, encryptionKey: api.encryptionKey }, ...(staleLockMs ? { syncs: { staleLockMs, pollIntervalMs: 100 } } : {}) });

before(async () => {
  api = await startTestTerapi({ role: 'api' });
  const res = await api.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: 'cid', client_secret: 'secret' } } });
  assert.equal(res.status, 200);
});
after(async () => {
  for (const c of children) await c.kill('SIGKILL');
  await api?.close();
});

async function importConnection(via: { api: TestTerapi['api'] }, connectionId: string): Promise<void> {
  const res = await via.api('/connections', { method: 'POST', json: { provider_config_key: 'salesforce', connection_id: connectionId, credentials: { type: 'OAUTH2', access_token: 't' } } });
  assert.equal(res.status, 201, await res.clone().text());
}

const deliveryJobs = async () =>
  (await api.services.db.query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'terapi_webhook_delivery'`)).rows[0]!.n;
const deliveries = async (connectionId: string) =>
  (await api.services.db.query<{ status: string; attempts: number }>('select status, attempts from webhook_deliveries where body like $1', [`%"connectionId":"${connectionId}"%`])).rows;

test('a process killed after the change and before the job ran: after a restart the webhook is delivered once', { timeout: 120_000 }, async () => {
  const receiver = await WebhookTestReceiver.start();
  try {
    // The `api` role only enqueues, so the job cannot have run before the kill.
    const doomed = await spawnTerapi(vars('api'));
    children.push(doomed);
    assert.equal((await doomed.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: true } })).status, 200);
    await importConnection(doomed, 'before-kill');
    assert.equal(await deliveryJobs(), 1, 'the job was committed with the connection');
    assert.equal(await doomed.kill('SIGKILL'), 'SIGKILL');

    const w = await worker();
    try {
      await eventually('the webhook is delivered and its job done', async () => (await deliveries('before-kill'))[0]?.status === 'delivered' && (await deliveryJobs()) === 0);
    } finally {
      await w.close();
    }
    assert.deepEqual(
      receiver.received.map((r) => `${String(r.json.connectionId)}:${String(r.json.operation)}`),
      ['before-kill:creation'],
    );
    assert.deepEqual(await deliveries('before-kill'), [{ status: 'delivered', attempts: 1 }]);
  } finally {
    await receiver.close();
  }
});

test('a worker killed in the middle of a delivery: another worker sends it after the stale-lock time, and it is recorded once', { timeout: 120_000 }, async () => {
  // The app's endpoint never answers the first request (the worker dies waiting), then answers 200.
  let requests = 0;
  const held: ServerResponse[] = [];
  const app = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      if (requests === 1) held.push(res);
      else res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  try {
    assert.equal((await api.api('/environment/webhook', { method: 'PUT', json: { primary_url: `http://127.0.0.1:${(app.address() as AddressInfo).port}/hooks`, on_auth_creation: true } })).status, 200);
    const doomed = await spawnTerapi(vars('worker'), { staleLockMs: 1000 });
    children.push(doomed);
    await importConnection(api, 'mid-delivery');
    await eventually('the doomed worker is in the middle of the delivery', () => requests === 1);
    assert.equal(await doomed.kill('SIGKILL'), 'SIGKILL');
    assert.deepEqual(await deliveries('mid-delivery'), [{ status: 'pending', attempts: 0 }], 'the interrupted attempt left no trace');
    assert.equal(await deliveryJobs(), 1, 'its job is still there, locked by the dead worker');

    const survivor = await worker(1000);
    try {
      await eventually('the delivery is retried and recorded', async () => (await deliveries('mid-delivery'))[0]?.status === 'delivered' && (await deliveryJobs()) === 0);
    } finally {
      await survivor.close();
    }
    assert.equal(requests, 2, 'sent again once, after the kill');
    assert.deepEqual(await deliveries('mid-delivery'), [{ status: 'delivered', attempts: 1 }]);
  } finally {
    for (const res of held) res.destroy();
    app.closeAllConnections();
    await new Promise((r) => app.close(r));
  }
});
