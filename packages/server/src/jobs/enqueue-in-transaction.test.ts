// Issue 10 §1: a job is enqueued in the transaction of the change that causes it. A connection whose creation
// rolls back leaves no auth webhook, no sync and no job; an async action run and its job commit together.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { FunctionStore } from '../functions/function-store.js';
import type { FunctionDefinition } from '../functions/function-definition.js';

// The `api` role only enqueues: every job the tests make stays in the queue to be counted.
let t: TestTerapi;
let envId: number;
before(async () => {
  t = await startTestTerapi({ role: 'api' });
  envId = (await t.services.environments.findByName('dev'))!.id;
  assert.equal((await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: 'cid', client_secret: 's' } } })).status, 200);
  assert.equal((await t.api('/environment/webhook', { method: 'PUT', json: { primary_url: 'https://app.example/hooks', on_auth_creation: true } })).status, 200);
  // An autoStart sync (never run here: the bundle only has to be stored).
  const definition = { models: {}, frequency: 'every 1h', autoStart: true, syncType: 'incremental', trackDeletes: false } as unknown as FunctionDefinition;
  await new FunctionStore(t.services.db).deploy(envId, [{ integrationKey: 'salesforce', name: 'accounts', kind: 'sync', bundle: '0', definition, contentHash: 'h' }], ['salesforce']);
});
after(() => t?.close());

const jobs = async () => (await t.services.db.query<{ task_identifier: string }>('select task_identifier from graphile_worker.jobs order by task_identifier')).rows.map((r) => r.task_identifier);
const count = async (table: string) => (await t.services.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;
const importConnection = (id: string) =>
  t.api('/connections', { method: 'POST', json: { provider_config_key: 'salesforce', connection_id: id, credentials: { type: 'OAUTH2', access_token: 't' } } });

test('a connection whose creation rolls back leaves no delivery, no sync and no job; committed, it leaves its webhook and autoStart sync jobs', async () => {
  // The last write of the transaction fails (the sync rows come after the connection and its auth webhook).
  await t.services.db.query(`create function refuse_sync() returns trigger language plpgsql as $$ begin raise exception 'refused for the test'; end $$`);
  await t.services.db.query('create trigger refuse_sync before insert on syncs for each row execute function refuse_sync()');
  const refused = await importConnection('rolled-back');
  assert.equal(refused.status, 500);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'server_error');
  assert.equal(await count('connections'), 0);
  assert.equal(await count('webhook_deliveries'), 0);
  assert.deepEqual(await jobs(), []);

  await t.services.db.query('drop trigger refuse_sync on syncs');
  assert.equal((await importConnection('committed')).status, 201);
  assert.equal(await count('connections'), 1);
  assert.equal(await count('webhook_deliveries'), 1);
  assert.equal(await count('syncs'), 1);
  assert.deepEqual(await jobs(), ['terapi_sync', 'terapi_webhook_delivery']);
});

test('an async action run is written with its job, in one transaction', async () => {
  const connection = (await t.services.connections.get(envId, 'salesforce', 'committed'))!;
  const fn = (await t.services.functions.getActive(envId, 'salesforce', 'accounts'))!;
  const id = await t.services.actionRuns.enqueue({ environmentId: envId, connectionId: connection.id, functionId: fn.id, input: { a: 1 }, maxRetries: 0 });
  const { rows } = await t.services.db.query<{ payload: unknown; key: string }>(
    `select j.payload, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = 'terapi_async_action'`,
  );
  assert.deepEqual(rows, [{ payload: { runId: id }, key: `action:${id}` }]);
});
