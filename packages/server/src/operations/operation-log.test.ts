// The operation log writes a batch of rows in one statement; a connection deleted between a row being
// queued and the batch being written must not cost the other rows (issue 9 point 9). The table has no
// foreign keys (migration 0012): the batch's lock and the delete triggers keep its references true.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { OperationLog, type OperationEntry } from './operation-log.js';
import { recordIncomingWebhook } from '../webhooks/incoming-webhook-operation.js';
import { TerapiError } from '../errors/terapi-error.js';
import { waitUntil } from '../testing/wait-until.js';
import { Database, type Queryable } from '../database/database.js';

describe('operation log', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi();
    const integ = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf', credentials: { type: 'OAUTH2', client_id: 'id', client_secret: 'secret' } } });
    assert.equal(integ.status, 200, await integ.text());
    for (const id of ['kept', 'deleted']) {
      const res = await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: id, credentials: { type: 'OAUTH2', access_token: 'tok' } } });
      assert.equal(res.status, 201, await res.text());
    }
  });
  after(() => t.close());

  test("a batch where one row's connection was deleted before the flush keeps every row", async () => {
    const env = (await t.services.environments.findByName('dev'))!;
    const kept = (await t.services.connections.get(env.id, 'sf', 'kept'))!;
    const deleted = (await t.services.connections.get(env.id, 'sf', 'deleted'))!;
    const log = new OperationLog({ db: t.services.db, logger: pino({ level: 'silent' }), flushIntervalMs: 60_000 });
    const entry = (connectionId: number, message: string): OperationEntry => ({
      environmentId: env.id,
      kind: 'proxy',
      connectionId,
      providerConfigKey: 'sf',
      status: 'success',
      message,
      detail: { method: 'GET', path: '/x', quote: 'it\'s "quoted" \\ {a,b}' },
      startedAt: new Date(),
      endedAt: new Date(),
    });
    log.record(entry(kept.id, 'first'));
    log.record(entry(deleted.id, 'of the deleted connection'));
    log.record(entry(kept.id, 'last'));
    assert.equal(await t.services.connections.delete(deleted.id), true);
    await log.close();
    const { rows } = await t.services.db.query<{ message: string; connection_id: number | null; detail: Record<string, unknown> }>(
      "select message, connection_id, detail from operations where kind = 'proxy' and message in ('first', 'of the deleted connection', 'last') order by message",
    );
    assert.deepEqual(
      rows.map((r) => [r.message, r.connection_id]),
      [['first', kept.id], ['last', kept.id], ['of the deleted connection', null]],
    );
    assert.deepEqual(rows[0]!.detail, { method: 'GET', path: '/x', quote: 'it\'s "quoted" \\ {a,b}' });
  });

  const entryFor = (environmentId: number, connectionId: number | null, message: string): OperationEntry => ({
    environmentId,
    kind: 'proxy',
    connectionId,
    providerConfigKey: 'sf',
    status: 'success',
    message,
    detail: { method: 'GET', path: '/x' },
    startedAt: new Date(),
    endedAt: new Date(),
  });
  const newConnection = async (id: string) => {
    const res = await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: id, credentials: { type: 'OAUTH2', access_token: 'tok' } } });
    assert.equal(res.status, 201, await res.text());
    const env = (await t.services.environments.findByName('dev'))!;
    return (await t.services.connections.get(env.id, 'sf', id))!;
  };
  // The batch under test runs on its own pool, named, so the wait below finds that batch and no other
  // writer of operation rows (terapi's own log flushes beside it).
  const BATCH_APP = 'operation-log-test-batch';
  const logOnItsOwnPool = () => {
    const db = new Database(t.databaseUrl, { max: 1, applicationName: BATCH_APP });
    const log = new OperationLog({ db, logger: pino({ level: 'silent' }), flushIntervalMs: 60_000 });
    return { log, close: async () => { await log.close(); await db.close(); } };
  };
  /** Waits until the batch under test is blocked by the transaction whose backend is `blocker`. */
  const batchBlockedBy = (blocker: number) =>
    waitUntil('the batch blocked by the deleting transaction', async () => (await t.services.db.query<{ n: number }>(
      'select count(*) as n from pg_stat_activity where datname = current_database() and application_name = $1 and $2 = any(pg_blocking_pids(pid))',
      [BATCH_APP, blocker],
    )).rows[0]!.n > 0);
  const backendPid = async (tx: Queryable) => (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const rowsWith = async (message: string) =>
    (await t.services.db.query<{ environment_id: number; connection_id: number | null }>('select environment_id, connection_id from operations where message = $1', [message])).rows;

  test('a batch written while a delete of its connection is in progress waits for it, then keeps the row without the connection', async () => {
    const env = (await t.services.environments.findByName('dev'))!;
    const c = await newConnection('deleting');
    const { log, close } = logOnItsOwnPool();
    log.record(entryFor(env.id, c.id, 'written during the delete'));
    let flushed: Promise<void> | undefined;
    await t.services.db.transaction(async (tx) => {
      await tx.query('delete from connections where id = $1', [c.id]);
      flushed = log.flush();
      // The batch's lock on the connection waits for the deleting transaction.
      await batchBlockedBy(await backendPid(tx));
    });
    await flushed;
    await close();
    assert.deepEqual(await rowsWith('written during the delete'), [{ environment_id: env.id, connection_id: null }]);
  });

  test('a batch that deadlocks with a delete of two of its connections is written again', async () => {
    const env = (await t.services.environments.findByName('dev'))!;
    const first = await newConnection('deadlock-first');
    const second = await newConnection('deadlock-second');
    assert.ok(first.id < second.id);
    await t.services.operations.flush(); // terapi's own log holds rows of both connections (their creation)
    const { log, close } = logOnItsOwnPool();
    log.record(entryFor(env.id, first.id, 'deadlock first'));
    log.record(entryFor(env.id, second.id, 'deadlock second'));
    let flushed: Promise<void> | undefined;
    await t.services.db.transaction(async (tx) => {
      await tx.query('delete from connections where id = $1', [second.id]);
      // The batch locks the connections in id order: it holds the first and waits for the second, which this
      // transaction holds…
      flushed = log.flush();
      await batchBlockedBy(await backendPid(tx));
      // …and this delete waits for the batch's lock on the first. The batch waited first, so its deadlock check
      // (after deadlock_timeout) runs first: PostgreSQL aborts the batch, and the log writes it again.
      await tx.query('delete from connections where id = $1', [first.id]);
    });
    await flushed;
    await close();
    assert.deepEqual(await rowsWith('deadlock first'), [{ environment_id: env.id, connection_id: null }]);
    assert.deepEqual(await rowsWith('deadlock second'), [{ environment_id: env.id, connection_id: null }]);
  });

  test('deleting a connection later clears it from its rows; deleting an environment deletes its rows', async () => {
    const env = (await t.services.environments.findByName('dev'))!;
    const c = await newConnection('later');
    const other = (await t.services.db.query<{ id: number }>(
      "insert into environments (uuid, name, secret_key_hash, secret_key_enc, public_key, webhook_signing_key_enc) values (gen_random_uuid(), 'doomed', 'hash-doomed', 'x', gen_random_uuid(), 'x') returning id",
    )).rows[0]!.id;
    const log = new OperationLog({ db: t.services.db, logger: pino({ level: 'silent' }), flushIntervalMs: 60_000 });
    log.record(entryFor(env.id, c.id, 'before the connection was deleted'));
    log.record(entryFor(other, null, 'of the doomed environment'));
    await log.flush();
    assert.deepEqual(await rowsWith('before the connection was deleted'), [{ environment_id: env.id, connection_id: c.id }]);
    assert.deepEqual(await rowsWith('of the doomed environment'), [{ environment_id: other, connection_id: null }]);
    assert.equal(await t.services.connections.delete(c.id), true);
    assert.deepEqual(await rowsWith('before the connection was deleted'), [{ environment_id: env.id, connection_id: null }]);
    await t.services.db.query('delete from environments where id = $1', [other]);
    assert.deepEqual(await rowsWith('of the doomed environment'), []);
    // A row queued for an environment deleted before the flush is not written.
    log.record(entryFor(other, null, 'queued for a deleted environment'));
    log.record(entryFor(env.id, null, 'queued beside it'));
    await log.close();
    assert.deepEqual(await rowsWith('queued for a deleted environment'), []);
    assert.deepEqual(await rowsWith('queued beside it'), [{ environment_id: env.id, connection_id: null }]);
  });

  test('an incoming webhook is recorded with its routing and, when refused, the registry code', async () => {
    const env = (await t.services.environments.findByName('dev'))!;
    const kept = (await t.services.connections.get(env.id, 'sf', 'kept'))!;
    const startedAt = new Date();
    recordIncomingWebhook(t.services.operations, { environmentId: env.id, providerConfigKey: 'sf', connectionRowId: kept.id, routedTo: ['kept'], eventType: 'outbound_message', answeredStatus: 200, startedAt });
    recordIncomingWebhook(t.services.operations, { environmentId: env.id, providerConfigKey: 'sf', connectionRowId: null, routedTo: [], eventType: 'outbound_message', answeredStatus: 404, startedAt, error: new TerapiError('not_found.connection') });
    await t.services.operations.flush();
    const { rows } = await t.services.db.query<{ status: string; connection_id: number | null; detail: Record<string, unknown> }>(
      "select status, connection_id, detail from operations where kind = 'webhook_incoming' order by id",
    );
    assert.deepEqual(rows.map((r) => [r.status, r.connection_id, r.detail.routed_to, r.detail.answered_status, r.detail.error_code ?? null]), [
      ['success', kept.id, ['kept'], 200, null],
      ['failed', null, [], 404, 'not_found'],
    ]);
  });
});
