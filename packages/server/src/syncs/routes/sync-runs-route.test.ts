// GET /sync/runs (issue 12 point 4): a sync's run history for one connection, newest first, keyset-paged,
// with each run's counts and its error — real runs of real sync functions against the simulator.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSalesforceSim, type RunningSalesforceSim } from '@terapi/salesforce-sim';
import { connectSalesforce } from '../../providers/salesforce/testing/connect-salesforce.js';
import type { TestTerapi } from '../../testing/test-terapi.js';
import { startSyncTerapi } from '../testing/start-sync-terapi.js';
import { accountsSync, deploySyncs, nextFinishedRun } from '../testing/sync-fixtures.js';

const FAILING_SYNC_SOURCE = `
import { createSync } from 'terapi';
import { z } from 'zod';
export default createSync({
  description: 'fails every time',
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'full',
  models: { Thing: z.object({ id: z.string() }) },
  exec: async () => {
    throw new Error('the org said no');
  },
});
`;

type RunsPage = { runs: { id: number; status: string; mode: string; result: Record<string, { added: number }>; error: { type: string; description: string } | null }[]; next_cursor: string | null };

describe('GET /sync/runs', { timeout: 180_000 }, () => {
  let sim: RunningSalesforceSim;
  let t: TestTerapi;
  let connectionId: string;
  const KEY = 'salesforce';

  const runOnce = async (name: string, body: Record<string, unknown> = {}) => {
    const conn = (await t.services.connections.get((await t.services.environments.findByName('dev'))!.id, KEY, connectionId))!;
    const sync = (await t.services.syncs.store.listForConnection(conn.id)).find((x) => x.name === name)!;
    const last = (await t.services.syncs.store.runsOf(sync.id)).at(-1)?.id ?? 0;
    const res = await t.api('/sync/trigger', { method: 'POST', json: { syncs: [name], provider_config_key: KEY, connection_id: connectionId, ...body } });
    assert.equal(res.status, 200, await res.clone().text());
    return nextFinishedRun(t.services, sync.id, last);
  };
  const runs = async (qs: string) => {
    const res = await t.api(`/sync/runs?provider_config_key=${KEY}&connection_id=${encodeURIComponent(connectionId)}&${qs}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as RunsPage;
  };

  before(async () => {
    sim = await startSalesforceSim({ port: 0 });
    t = await startSyncTerapi({ env: { TERAPI_UPSTREAM_MAP: sim.upstreamMap }, syncs: { timeoutMs: 15_000, pollIntervalMs: 100 } });
    const org = sim.summary().orgs.find((o) => !o.sandbox)!;
    const app = await sim.control.createApp(org.id, { callbackUrls: [`${t.url}/oauth/callback`] });
    await sim.control.seed(org.id, 30);
    ({ connectionId } = await connectSalesforce(t, sim, { app }));
    const env = (await t.services.environments.findByName('dev'))!;
    await deploySyncs(t.services, env.id, KEY, [
      accountsSync(),
      { name: 'failing', source: FAILING_SYNC_SOURCE, definition: { models: { Thing: { type: 'object' } }, frequency: 'every 1h', autoStart: false, syncType: 'full' } },
    ]);
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  test('lists runs newest first with counts, pages by cursor, and shows a failed run with its error', async () => {
    const first = await runOnce('accounts');
    const second = await runOnce('accounts', { full_resync: true });
    const all = await runs('sync=accounts');
    assert.deepEqual(all.runs.map((r) => r.id), [second.id, first.id]);
    assert.equal(all.runs[1]!.status, 'SUCCESS');
    assert.equal(all.runs[1]!.result.Account?.added, 30);
    assert.equal(all.runs[0]!.mode, 'full');
    assert.equal(all.next_cursor, null);
    const p1 = await runs('sync=accounts&limit=1');
    assert.deepEqual(p1.runs.map((r) => r.id), [second.id]);
    assert.ok(p1.next_cursor);
    const p2 = await runs(`sync=accounts&limit=1&cursor=${p1.next_cursor}`);
    assert.deepEqual(p2.runs.map((r) => r.id), [first.id]);
    assert.equal(p2.next_cursor, null);

    const failed = await runOnce('failing');
    assert.equal(failed.status, 'ERROR');
    const f = await runs('sync=failing');
    assert.equal(f.runs[0]!.status, 'ERROR');
    assert.match(f.runs[0]!.error?.description ?? '', /the org said no/);
  });

  test('an unknown sync or connection, and a bad cursor, are clear 4xx answers', async () => {
    assert.equal((await t.api(`/sync/runs?provider_config_key=${KEY}&connection_id=${encodeURIComponent(connectionId)}&sync=nope`)).status, 400);
    assert.equal((await t.api(`/sync/runs?provider_config_key=${KEY}&connection_id=nope&sync=accounts`)).status, 400);
    assert.equal((await t.api(`/sync/runs?provider_config_key=${KEY}&connection_id=${encodeURIComponent(connectionId)}&sync=accounts&cursor=abc`)).status, 400);
  });
});
