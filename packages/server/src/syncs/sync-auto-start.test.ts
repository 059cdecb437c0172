// Issue 6 §4: a new connection starts its autoStart syncs (enqueued in the transaction that creates the connection), and the schedule is kept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSalesforceSim, type RunningSalesforceSim } from '@terapi/salesforce-sim';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import type { TestTerapi } from '../testing/test-terapi.js';
import { startSyncTerapi } from './testing/start-sync-terapi.js';
import { accountsSync, deploySyncs, nextFinishedRun } from './testing/sync-fixtures.js';
import { waitUntil } from '../testing/wait-until.js';

let sim: RunningSalesforceSim;
let t: TestTerapi;
before(async () => {
  sim = await startSalesforceSim({ port: 0 });
  t = await startSyncTerapi({ env: { TERAPI_UPSTREAM_MAP: sim.upstreamMap }, syncs: { pollIntervalMs: 100 } });
});
after(async () => {
  await t?.close();
  await sim?.close();
});

test('a new connection runs its autoStart syncs at once and schedules the next run; others wait for /sync/start', { timeout: 120_000 }, async () => {
  const org = sim.summary().orgs.find((o) => !o.sandbox)!;
  await sim.control.seed(org.id, 50);
  const app = await sim.control.createApp(org.id, { callbackUrls: [`${t.url}/oauth/callback`] });
  const env = (await t.services.environments.findByName('dev'))!;
  const auto = accountsSync({ name: 'auto-accounts' });
  auto.source = auto.source.replace('autoStart: false', 'autoStart: true');
  auto.definition.autoStart = true;
  await deploySyncs(t.services, env.id, 'salesforce', [auto, accountsSync({ name: 'manual-accounts' })]);
  const { connectionId } = await connectSalesforce(t, sim, { app });
  const connection = (await t.services.connections.get(env.id, 'salesforce', connectionId))!;
  const rows = await t.services.syncs.store.listForConnection(connection.id);
  assert.deepEqual(rows.map((r) => [r.name, r.scheduleStatus]), [['auto-accounts', 'STARTED'], ['manual-accounts', 'PAUSED']]);
  const run = await nextFinishedRun(t.services, rows[0]!.id);
  assert.equal(run.status, 'SUCCESS', JSON.stringify(run.error));
  assert.deepEqual(run.result, { Account: { added: 50, updated: 0, deleted: 0 } });
  assert.deepEqual(await t.services.syncs.store.runsOf(rows[1]!.id), []);
  // The run is recorded as finished (its own transaction) before its job plans the next run (SyncService.handleJob):
  // the status is read once that plan is in, not in between, where the next run is still the one just made.
  type Status = { name: string; status: string; nextScheduledSyncAt: string | null; frequency: string };
  const syncs = await waitUntil('the next run of auto-accounts planned after this one', async () => {
    const res = await t.api(`/sync/status?syncs=*&provider_config_key=salesforce&connection_id=${connectionId}`);
    assert.equal(res.status, 200);
    const { syncs: all } = (await res.json()) as { syncs: Status[] };
    const next = all[0]?.nextScheduledSyncAt;
    return next && Date.parse(next) > run.finishedAt!.getTime() ? all : undefined;
  });
  const [a, m] = syncs;
  assert.equal(a!.name, 'auto-accounts');
  assert.notEqual(a!.status, 'PAUSED');
  assert.ok(a!.nextScheduledSyncAt && Date.parse(a!.nextScheduledSyncAt) > run.finishedAt!.getTime(), 'the next run is planned after this one');
  assert.equal(a!.frequency, 'every 1h');
  assert.equal(m!.status, 'PAUSED');
  assert.equal(m!.nextScheduledSyncAt, null);

  // The waiting sync runs once /sync/start is called, and is scheduled from then on.
  const started = await t.api('/sync/start', { method: 'POST', json: { syncs: ['manual-accounts'], provider_config_key: 'salesforce', connection_id: connectionId } });
  assert.equal(started.status, 200);
  const manualRun = await nextFinishedRun(t.services, rows[1]!.id);
  assert.equal(manualRun.status, 'SUCCESS', JSON.stringify(manualRun.error));
  assert.equal((await t.services.syncs.store.runsOf(rows[1]!.id)).length, 1, 'one run, started by /sync/start');
  const manualStatus = (await (await t.api(`/sync/status?syncs=manual-accounts&provider_config_key=salesforce&connection_id=${connectionId}`)).json()) as { syncs: { status: string; nextScheduledSyncAt: string | null }[] };
  assert.notEqual(manualStatus.syncs[0]!.status, 'PAUSED');
  assert.ok(manualStatus.syncs[0]!.nextScheduledSyncAt, 'scheduled after /sync/start');
});
