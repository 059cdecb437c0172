// Issue 10 §2: the retention job deletes operation-log rows, finished webhook deliveries and action runs,
// expired OAuth and connect sessions and old record tombstones once their period (config.ts) has passed;
// recent rows and rows still in use stay.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { FunctionStore } from '../functions/function-store.js';
import type { FunctionDefinition } from '../functions/function-definition.js';
import { enqueueJob } from './enqueue-job.js';
import { JOB } from './job-kinds.js';
import { eventually } from './testing/eventually.js';

let t: TestTerapi;
before(async () => {
  // Shorter periods than the defaults, to check that the variables are the ones read.
  t = await startTestTerapi({ env: { TERAPI_RETENTION_OPERATIONS_DAYS: '7', TERAPI_RETENTION_EXPIRED_SESSIONS_DAYS: '0' } });
});
after(() => t?.close());

const q = (sql: string, values: unknown[] = []) => t.services.db.query(sql, values);
const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
const column = async (sql: string) => (await q(sql)).rows.map((r) => Object.values(r)[0] as string).sort();

test('the retention periods have documented defaults and are read from the environment', () => {
  assert.deepEqual(t.services.config.retention, { operationsDays: 7, webhookDeliveriesDays: 30, actionRunsDays: 30, expiredSessionsDays: 0, tombstonesDays: 30, incomingWebhooksDays: 7 });
});

test('the hourly retention job deletes what its period lets go and keeps recent rows and rows in use', { timeout: 120_000 }, async () => {
  const env = (await t.services.environments.findByName('dev'))!;
  assert.equal((await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: 'c', client_secret: 's' } } })).status, 200);
  const integration = (await t.services.integrations.get(env.id, 'salesforce'))!;
  assert.equal((await t.api('/connections', { method: 'POST', json: { provider_config_key: 'salesforce', connection_id: 'c1', credentials: { type: 'OAUTH2', access_token: 't' } } })).status, 201);
  const connection = (await t.services.connections.get(env.id, 'salesforce', 'c1'))!;
  const definition = { models: {}, autoStart: false } as unknown as FunctionDefinition;
  await new FunctionStore(t.services.db).deploy(env.id, [{ integrationKey: 'salesforce', name: 'act', kind: 'action', bundle: '0', definition, contentHash: 'h' }], ['salesforce']);
  const fn = (await t.services.functions.getActive(env.id, 'salesforce', 'act'))!;

  for (const [message, started] of [['old', ago(8)], ['recent', ago(6)]] as const) {
    await q(`insert into operations (environment_id, kind, status, message, started_at) values ($1, 'proxy', 'success', $2, $3)`, [env.id, message, started]);
  }
  for (const [body, status, created] of [['old-delivered', 'delivered', ago(31)], ['old-failed', 'failed', ago(31)], ['old-pending', 'pending', ago(31)], ['recent-delivered', 'delivered', ago(29)]] as const) {
    await q(`insert into webhook_deliveries (environment_id, url, event_type, body, status, created_at) values ($1, 'https://app.example/h', 'auth', $2, $3, $4)`, [env.id, body, status, created]);
  }
  for (const [id, status, updated] of [
    ['00000000-0000-4000-8000-000000000001', 'success', ago(31)],
    ['00000000-0000-4000-8000-000000000002', 'failed', ago(31)],
    ['00000000-0000-4000-8000-000000000003', 'running', ago(31)],
    ['00000000-0000-4000-8000-000000000004', 'success', ago(29)],
  ] as const) {
    await q('insert into action_runs (id, environment_id, connection_id, function_id, status, updated_at) values ($1, $2, $3, $4, $5, $6)', [id, env.id, connection.id, fn.id, status, updated]);
  }
  for (const [id, expires] of [['expired', ago(0.01)], ['live', ago(-1)]] as const) {
    await q(`insert into connect_sessions (environment_id, token_hash, expires_at) values ($1, $2, $3)`, [env.id, id, expires]);
    await q(`insert into oauth_sessions (state, environment_id, integration_id, connection_id, redirect_uri, token_url, expires_at) values (gen_random_uuid(), $1, $2, $3, 'https://x/cb', 'https://x/token', $4)`, [env.id, integration.id, id, expires]);
  }
  for (const [ext, deleted] of [['old-tombstone', ago(31)], ['recent-tombstone', ago(29)], ['live', null]] as const) {
    await q(`insert into records (connection_id, model, external_id, data, data_hash, created_at, updated_at, deleted_at) values ($1, 'Account', $2, '{}', 'h', $3, $3, $4)`, [connection.id, ext, ago(60), deleted]);
  }
  for (const [key, received] of [['old-event', ago(8)], ['recent-event', ago(6)]] as const) {
    await q(`insert into incoming_webhook_events (environment_id, integration_id, event_key, connection_ids, payload, received_at) values ($1, $2, $3, '{}', '{}', $4)`, [env.id, integration.id, key, received]);
  }

  // Run as the job the crontab makes, in this (all-role) process's job runner.
  await enqueueJob(t.services.db, JOB.retention, {}, { jobKey: 'retention-test' });
  await eventually('the retention job ran', async () => (await q(`select 1 from graphile_worker.jobs where key = 'retention-test'`)).rowCount === 0);

  assert.deepEqual(await column(`select message from operations where kind = 'proxy'`), ['recent']);
  assert.deepEqual(await column('select body from webhook_deliveries'), ['old-pending', 'recent-delivered']);
  assert.deepEqual(await column('select id::text from action_runs'), ['00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004']);
  assert.deepEqual(await column('select token_hash from connect_sessions'), ['live']);
  assert.deepEqual(await column('select connection_id from oauth_sessions'), ['live']);
  assert.deepEqual(await column('select external_id from records'), ['live', 'recent-tombstone']);
  assert.deepEqual(await column('select event_key from incoming_webhook_events'), ['recent-event']);
});
