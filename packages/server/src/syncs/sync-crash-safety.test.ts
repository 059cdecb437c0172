// Issue 6 §6: a worker process SIGKILLed in the middle of a run. Another worker retries the job, the run
// resumes from the last saved checkpoint, and the records end up exactly as after an uninterrupted run —
// none lost, none duplicated, no spurious UPDATED.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSalesforceSim, type RunningSalesforceSim } from '@terapi/salesforce-sim';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import type { TestTerapi } from '../testing/test-terapi.js';
import type { Connection } from '../connections/connection-store.js';
import { startSyncTerapi } from './testing/start-sync-terapi.js';
import { accountsSync, deploySyncs, nextFinishedRun } from './testing/sync-fixtures.js';
import { spawnWorker, type WorkerProcess } from './testing/spawn-worker.js';
import { waitUntil } from '../testing/wait-until.js';

type Rec = Record<string, unknown> & { id: string; _nango_metadata: { last_action: string } };
const KEY = 'salesforce';

describe('a worker killed mid-run', { timeout: 300_000 }, () => {
  let sim: RunningSalesforceSim;
  let api: TestTerapi & { encryptionKey: string };
  let survivor: TestTerapi | undefined;
  let doomed: WorkerProcess | undefined;
  const connections: Connection[] = [];

  const records = async (c: Connection) => {
    const out: Rec[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.api(`/records?model=Account&limit=10000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { 'connection-id': c.connectionId, 'provider-config-key': KEY } });
      const page = (await res.json()) as { records: Rec[]; next_cursor: string | null };
      out.push(...page.records);
      cursor = page.next_cursor;
    } while (cursor);
    return out;
  };
  const trigger = async (c: Connection) => {
    const res = await api.api('/sync/trigger', { method: 'POST', json: { syncs: ['accounts'], provider_config_key: KEY, connection_id: c.connectionId } });
    assert.equal(res.status, 200);
  };

  before(async () => {
    sim = await startSalesforceSim({ port: 0 });
    api = await startSyncTerapi({ role: 'api', env: { TERAPI_UPSTREAM_MAP: sim.upstreamMap } });
    const org = sim.summary().orgs.find((o) => !o.sandbox)!;
    const app = await sim.control.createApp(org.id, { callbackUrls: [`${api.url}/oauth/callback`] });
    await sim.control.seed(org.id, 10_000);
    const env = (await api.services.environments.findByName('dev'))!;
    for (const user of ['crashed', 'uninterrupted']) {
      const { connectionId } = await connectSalesforce(api, sim, { app, endUserId: user });
      connections.push((await api.services.connections.get(env.id, KEY, connectionId))!);
    }
    // 200 records a page with a pause after each: 50 pages, long enough to be caught in the middle.
    const meta = await api.api('/connections/metadata', { method: 'POST', json: { connection_id: connections[0]!.connectionId, provider_config_key: KEY, metadata: { batchSize: 200, pageDelayMs: 100 } } });
    assert.equal(meta.status, 201);
    await deploySyncs(api.services, env.id, KEY, [accountsSync()]);
  });
  after(async () => {
    await doomed?.kill('SIGKILL');
    await survivor?.close();
    await api?.close();
    await sim?.close();
  });

  test('the run is retried by another worker, resumes from its checkpoint and leaves exactly the uninterrupted records', async () => {
    const [crashed, clean] = connections as [Connection, Connection];
    const vars = { DATABASE_URL: api.databaseUrl, TERAPI_ENCRYPTION_KEY: api.encryptionKey, TERAPI_UPSTREAM_MAP: sim.upstreamMap };
    doomed = await spawnWorker(vars, { staleLockMs: 1000 });
    const sync = (await api.services.syncs.store.listForConnection(crashed.id))[0]!;
    await trigger(crashed);
    // Wait for a few saved pages and a checkpoint, then kill the worker without warning.
    await waitUntil('1000 saved records and a checkpoint', async () => {
      const n = (await api.services.records.countByModel(crashed.id, ['Account'])).Account ?? 0;
      const s = await api.services.syncs.store.getById(sync.id);
      return n >= 1000 && Boolean(s?.checkpoint);
    }, { every: 25 });
    assert.equal(await doomed.kill('SIGKILL'), 'SIGKILL');
    const atKill = (await api.services.records.countByModel(crashed.id, ['Account'])).Account!;
    assert.ok(atKill < 10_000, `the run was interrupted (${atKill} records saved)`);
    const [interrupted] = await api.services.syncs.store.runsOf(sync.id);
    assert.equal(interrupted!.status, 'RUNNING');
    const savedAtKill = (await api.services.syncs.store.getById(sync.id))!.checkpoint as { since: string } | null;
    assert.equal(typeof savedAtKill?.since, 'string', 'a checkpoint was saved before the kill');

    survivor = await startSyncTerapi({ role: 'worker', database: { url: api.databaseUrl, encryptionKey: api.encryptionKey }, env: { TERAPI_UPSTREAM_MAP: sim.upstreamMap }, syncs: { staleLockMs: 1000, pollIntervalMs: 100 } });
    const run = await nextFinishedRun(api.services, sync.id);
    assert.equal(run.id, interrupted!.id, 'the same run was resumed, not a new one started');
    assert.equal(run.status, 'SUCCESS', JSON.stringify(run.error));
    assert.equal(run.attempts, 2);
    assert.deepEqual(run.result, { Account: { added: 10_000, updated: 0, deleted: 0 } });
    const metadata = (await api.services.connections.getById(crashed.id))!.metadata as { starts: (string | null)[] };
    assert.equal(metadata.starts.length, 2);
    assert.equal(metadata.starts[0], null);
    assert.equal(metadata.starts[1], savedAtKill!.since, 'the retry started from the checkpoint saved before the kill');

    // The same sync, uninterrupted, on a second connection to the same org.
    const cleanSync = (await api.services.syncs.store.listForConnection(clean.id))[0]!;
    await trigger(clean);
    const cleanRun = await nextFinishedRun(api.services, cleanSync.id);
    assert.equal(cleanRun.status, 'SUCCESS');

    const got = await records(crashed);
    const want = await records(clean);
    assert.equal(got.length, 10_000);
    assert.equal(new Set(got.map((r) => r.id)).size, 10_000, 'no duplicates');
    assert.ok(got.every((r) => r._nango_metadata.last_action === 'ADDED'), 'no spurious UPDATED');
    const payload = (r: Rec) => JSON.stringify({ ...r, _nango_metadata: undefined });
    assert.deepEqual(got.map(payload).sort(), want.map(payload).sort());
  });
});
