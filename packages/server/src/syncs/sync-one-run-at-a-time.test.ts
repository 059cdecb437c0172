// Issue 6 §4: two worker processes competing for the same sync's schedule and triggers run it one run at a
// time — never two runs of one sync for one connection at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSalesforceSim, type RunningSalesforceSim } from '@terapi/salesforce-sim';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import type { TestTerapi } from '../testing/test-terapi.js';
import type { Connection } from '../connections/connection-store.js';
import { startSyncTerapi } from './testing/start-sync-terapi.js';
import { accountsSync, deploySyncs } from './testing/sync-fixtures.js';
import { waitUntil } from '../testing/wait-until.js';

const KEY = 'salesforce';

describe('two workers, one sync', () => {
  let sim: RunningSalesforceSim;
  let api: TestTerapi & { encryptionKey: string };
  const workers: TestTerapi[] = [];
  let connection: Connection;

  before(async () => {
    sim = await startSalesforceSim({ port: 0 });
    api = await startSyncTerapi({ role: 'api', env: { TERAPI_UPSTREAM_MAP: sim.upstreamMap } });
    const org = sim.summary().orgs.find((o) => !o.sandbox)!;
    const app = await sim.control.createApp(org.id, { callbackUrls: [`${api.url}/oauth/callback`] });
    await sim.control.seed(org.id, 600);
    const { connectionId } = await connectSalesforce(api, sim, { app });
    const env = (await api.services.environments.findByName('dev'))!;
    connection = (await api.services.connections.get(env.id, KEY, connectionId))!;
    await api.api('/connections/metadata', { method: 'POST', json: { connection_id: connectionId, provider_config_key: KEY, metadata: { batchSize: 200, pageDelayMs: 30 } } });
    await deploySyncs(api.services, env.id, KEY, [accountsSync()]);
    for (let i = 0; i < 2; i++) {
      workers.push(await startSyncTerapi({ role: 'worker', database: { url: api.databaseUrl, encryptionKey: api.encryptionKey }, env: { TERAPI_UPSTREAM_MAP: sim.upstreamMap }, syncs: { pollIntervalMs: 50 } }));
    }
  });
  after(async () => {
    for (const w of workers) await w.close();
    await api?.close();
    await sim?.close();
  });

  test('runs never overlap, whatever the triggers and the schedule', { timeout: 120_000 }, async () => {
    const body = { syncs: ['accounts'], provider_config_key: KEY, connection_id: connection.connectionId };
    assert.equal((await api.api('/sync/start', { method: 'POST', json: body })).status, 200);
    for (let i = 0; i < 8; i++) {
      assert.equal((await api.api('/sync/trigger', { method: 'POST', json: body })).status, 200);
      await new Promise((r) => setTimeout(r, 40));
    }
    const sync = (await api.services.syncs.store.listForConnection(connection.id))[0]!;
    // Quiet = no job due now and no run in progress.
    await waitUntil('no sync job due and no run in progress', async () => {
      const { rows } = await api.services.db.query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'terapi_sync' and (run_at <= now() or locked_at is not null)`);
      const runs = await api.services.syncs.store.runsOf(sync.id);
      return rows[0]!.n === 0 && runs.length > 0 && runs.every((r) => r.status !== 'RUNNING');
    });
    const runs = await api.services.syncs.store.runsOf(sync.id);
    assert.ok(runs.length >= 2, `several runs happened (${runs.length})`);
    assert.ok(runs.every((r) => r.status === 'SUCCESS'), JSON.stringify(runs.map((r) => r.error)));
    const ordered = [...runs].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    for (let i = 1; i < ordered.length; i++) {
      assert.ok(ordered[i]!.startedAt >= ordered[i - 1]!.finishedAt!, `run ${ordered[i]!.id} started before run ${ordered[i - 1]!.id} finished`);
    }
    assert.deepEqual(runs[0]!.result, { Account: { added: 600, updated: 0, deleted: 0 } });
    assert.equal((await api.services.records.countByModel(connection.id, ['Account'])).Account, 600);
    const { rows } = await api.services.db.query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'terapi_sync'`);
    assert.equal(rows[0]!.n, 1, 'the started schedule keeps exactly one pending job');
  });
});
