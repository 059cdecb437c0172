// Issue 6 syncs against the simulator: a real sync function, bundled and run by the real runner, saving
// 10,000 Accounts; changes and deletions between runs; the /sync API through @nangohq/node; sync webhooks;
// a function that never ends; a connection that needs re-authorization.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Nango } from '@nangohq/node';
import { startSalesforceSim, type RunningSalesforceSim } from '@terapi/salesforce-sim';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import type { TestTerapi } from '../testing/test-terapi.js';
import type { Connection } from '../connections/connection-store.js';
import { startSyncTerapi } from './testing/start-sync-terapi.js';
import { accountsSync, deploySyncs, LOOP_SYNC_SOURCE, nextFinishedRun } from './testing/sync-fixtures.js';
import type { SyncStatus as TerapiSyncStatus } from './sync-service.js';
import { waitUntil } from '../testing/wait-until.js';

type Rec = { id: string; name: string; _nango_metadata: { last_action: string; last_modified_at: string } };

// Saves and merges through the sandbox: a batch crosses as rows, its ids beside its payloads' JSON text
// (functions/sdk/record-batch.ts), one repeating an id and carrying a _nango_metadata of its own.
const MERGE_SYNC_SOURCE = `
import { createSync } from 'terapi';
import { z } from 'zod';
export default createSync({
  description: 'saves, then merges partial records',
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'full',
  models: { Merged: z.object({ id: z.string(), name: z.string().optional(), city: z.string().optional() }) },
  exec: async (nango) => {
    await nango.batchSave([{ id: 'm1', name: 'one', city: 'Paris' }, { id: 'm2', name: 'two', city: 'Oslo', _nango_metadata: { last_action: 'forged' } }, { id: 'm1', name: 'ONE', city: 'Paris' }], 'Merged');
    await nango.batchUpdate([{ id: 'm2', city: 'Lyon "centre" \\\\ ü' }, { id: 'nobody', city: 'Rome' }], 'Merged');
  },
});
`;

describe('syncs end to end', { timeout: 300_000 }, () => {
  let sim: RunningSalesforceSim;
  let t: TestTerapi;
  let hooks: Server;
  const received: Record<string, unknown>[] = [];
  let envId: number;
  let connection: Connection;
  let fullConnection: Connection;
  let orgId: string;
  let nango: Nango;
  const KEY = 'salesforce';

  const records = async (qs = '', c: Connection = connection) => {
    const out: Rec[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.api(`/records?model=Account&limit=10000${qs}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { 'connection-id': c.connectionId, 'provider-config-key': KEY } });
      assert.equal(res.status, 200);
      const page = (await res.json()) as { records: Rec[]; next_cursor: string | null };
      out.push(...page.records);
      cursor = page.next_cursor;
    } while (cursor);
    return out;
  };
  const runOnce = async (name: string, body: Record<string, unknown> = {}, c: Connection = connection) => {
    const sync = (await t.services.syncs.store.listForConnection(c.id)).find((x) => x.name === name)!;
    const last = (await t.services.syncs.store.runsOf(sync.id)).at(-1)?.id ?? 0;
    const res = await t.api('/sync/trigger', { method: 'POST', json: { syncs: [name], provider_config_key: KEY, connection_id: c.connectionId, ...body } });
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), { success: true });
    return nextFinishedRun(t.services, sync.id, last);
  };

  before(async () => {
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    sim = await startSalesforceSim({ port: 0 });
    t = await startSyncTerapi({ env: { TERAPI_UPSTREAM_MAP: sim.upstreamMap }, syncs: { timeoutMs: 15_000, pollIntervalMs: 100 } });
    const org = sim.summary().orgs.find((o) => !o.sandbox)!;
    orgId = org.id;
    const app = await sim.control.createApp(org.id, { callbackUrls: [`${t.url}/oauth/callback`] });
    await sim.control.seed(org.id, 10_000);
    const { connectionId } = await connectSalesforce(t, sim, { app });
    const env = (await t.services.environments.findByName('dev'))!;
    envId = env.id;
    connection = (await t.services.connections.get(env.id, KEY, connectionId))!;
    const port = (hooks.address() as { port: number }).port;
    const put = await t.api('/environment/webhook', { method: 'PUT', json: { primary_url: `http://127.0.0.1:${port}/hooks`, on_sync_completion_always: true, on_sync_error: true } });
    assert.equal(put.status, 200, await put.clone().text());
    const second = await connectSalesforce(t, sim, { app, endUserId: 'full-user' });
    fullConnection = (await t.services.connections.get(env.id, KEY, second.connectionId))!;
    await deploySyncs(t.services, envId, KEY, [accountsSync(), accountsSync({ name: 'accounts-full', syncType: 'full', trackDeletes: true }), { name: 'forever', source: LOOP_SYNC_SOURCE, definition: { models: { Thing: { type: 'object' } }, frequency: 'every 1h', autoStart: false, syncType: 'full' } }, { name: 'merge', source: MERGE_SYNC_SOURCE, definition: { models: { Merged: { type: 'object' } }, frequency: 'every 1h', autoStart: false, syncType: 'full' } }]);
    nango = new Nango({ secretKey: t.devSecretKey, host: t.url });
  });
  after(async () => {
    await t?.close();
    await sim?.close();
    await new Promise((r) => hooks?.close(r));
  });

  test('a first run saves all 10,000 Accounts as ADDED and reports INITIAL', async () => {
    const run = await runOnce('accounts');
    assert.equal(run.status, 'SUCCESS', JSON.stringify(run.error));
    assert.equal(run.mode, 'full');
    assert.deepEqual(run.result, { Account: { added: 10_000, updated: 0, deleted: 0 } });
    const all = await records();
    assert.equal(all.length, 10_000);
    assert.equal(new Set(all.map((r) => r.id)).size, 10_000);
    assert.ok(all.every((r) => r._nango_metadata.last_action === 'ADDED'));
    const status = await nango.syncStatus(KEY, ['accounts'], connection.connectionId);
    const s = status.syncs[0]! as unknown as TerapiSyncStatus; // terapi answers a superset of @nangohq/node's type
    assert.equal(s.status, 'PAUSED', 'autoStart false: triggered runs do not start the schedule');
    assert.deepEqual(s.recordCount, { Account: 10_000 });
    assert.deepEqual(s.latestResult, { Account: { added: 10_000, updated: 0, deleted: 0 } });
    assert.equal(s.latestExecutionStatus, 'SUCCESS');
    assert.equal(s.frequency, 'every 1h');
    assert.equal(typeof (s.checkpoint as { since: string }).since, 'string');
  });

  test('changes and deletions between runs show as UPDATED and DELETED; unchanged records are not rewritten', async () => {
    const before = await records();
    const [a, b, c] = before;
    await sim.control.updateRecord(orgId, 'Account', a!.id, { Name: 'Renamed A' });
    await sim.control.updateRecord(orgId, 'Account', b!.id, { Name: 'Renamed B' });
    await sim.control.deleteRecord(orgId, 'Account', c!.id);
    const run = await runOnce('accounts');
    assert.equal(run.status, 'SUCCESS', JSON.stringify(run.error));
    assert.equal(run.mode, 'incremental');
    assert.deepEqual(run.result, { Account: { added: 0, updated: 2, deleted: 1 } });
    const changed = await records(`&modified_after=${before.at(-1)!._nango_metadata.last_modified_at.replace('+00:00', 'Z')}`);
    const byId = new Map(changed.map((r) => [r.id, r]));
    assert.equal(byId.get(a!.id)!._nango_metadata.last_action, 'UPDATED');
    assert.equal(byId.get(a!.id)!.name, 'Renamed A');
    assert.equal(byId.get(c!.id)!._nango_metadata.last_action, 'DELETED');
    const after = await records();
    const untouched = after.filter((r) => ![a!.id, b!.id, c!.id].includes(r.id));
    const beforeById = new Map(before.map((r) => [r.id, r]));
    assert.equal(untouched.length, 9_997);
    assert.ok(untouched.every((r) => JSON.stringify(r) === JSON.stringify(beforeById.get(r.id))), 'unchanged records keep their metadata');
    const filtered = await records('&filter=updated,deleted');
    assert.deepEqual(filtered.map((r) => r.id).sort(), [a!.id, b!.id, c!.id].sort());
  });

  test('sync webhooks: completion with responseResults and syncType, per model', async () => {
    await waitUntil('the sync webhooks of both accounts runs', () => received.filter((w) => w.type === 'sync' && w.syncName === 'accounts').length >= 2);
    const syncHooks = received.filter((w) => w.type === 'sync' && w.syncName === 'accounts');
    assert.equal(syncHooks.length, 2);
    // each run's webhook is its own outbox job: they may arrive in either order
    const first = syncHooks.find((w) => w.syncType === 'INITIAL');
    const second = syncHooks.find((w) => w.syncType === 'INCREMENTAL');
    assert.ok(first && second, `one INITIAL and one INCREMENTAL: ${JSON.stringify(syncHooks.map((w) => w.syncType))}`);
    assert.deepEqual(first!.responseResults, { added: 10_000, updated: 0, deleted: 0 });
    assert.deepEqual(second!.responseResults, { added: 0, updated: 2, deleted: 1 });
    assert.equal(second!.model, 'Account');
    assert.equal(second!.success, true);
    assert.equal(second!.connectionId, connection.connectionId);
    assert.equal(second!.providerConfigKey, KEY);
    assert.equal(typeof second!.modifiedAfter, 'string');
  });

  test('a full resync with emptyCache starts over', async () => {
    const run = await runOnce('accounts', { opts: { reset: true, emptyCache: true } });
    assert.equal(run.status, 'SUCCESS', JSON.stringify(run.error));
    assert.equal(run.mode, 'full');
    assert.deepEqual(run.result, { Account: { added: 9_999, updated: 0, deleted: 0 } });
    assert.equal((await records()).length, 9_999);
  });

  test("@nangohq/node's triggerSync: full_refresh re-reads everything and rewrites nothing unchanged", async () => {
    const sync = (await t.services.syncs.store.listForConnection(connection.id)).find((x) => x.name === 'accounts')!;
    const last = (await t.services.syncs.store.runsOf(sync.id)).at(-1)!.id;
    await nango.triggerSync(KEY, ['accounts'], connection.connectionId, 'full_refresh');
    const run = await nextFinishedRun(t.services, sync.id, last);
    assert.equal(run.status, 'SUCCESS', JSON.stringify(run.error));
    assert.equal(run.mode, 'full');
    assert.deepEqual(run.result, {});
    await nango.triggerSync(KEY, ['accounts'], connection.connectionId);
    const next = await nextFinishedRun(t.services, sync.id, run.id);
    assert.equal(next.mode, 'incremental');
  });

  test('records saved and merged by a function reach the cache as the function made them: a repeated id once with its last content, metadata its own', async () => {
    const run = await runOnce('merge');
    assert.equal(run.status, 'SUCCESS', JSON.stringify(run.error));
    assert.deepEqual(run.result, { Merged: { added: 2, updated: 1, deleted: 0 } });
    const res = await t.api('/records?model=Merged', { headers: { 'connection-id': connection.connectionId, 'provider-config-key': KEY } });
    const page = (await res.json()) as { records: { id: string; _nango_metadata: { last_action: string } }[] };
    // in cursor order: m1 as saved, then m2, merged after
    assert.deepEqual(page.records.map(({ _nango_metadata: m, ...r }) => [r, m.last_action]), [
      [{ id: 'm1', name: 'ONE', city: 'Paris' }, 'ADDED'],
      [{ id: 'm2', name: 'two', city: 'Lyon "centre" \\ ü' }, 'UPDATED'],
    ]);
  });

  test('a function that never ends fails that run only, with function_timeout, and the error webhook', async () => {
    const run = await runOnce('forever');
    assert.equal(run.status, 'ERROR');
    assert.equal(run.error?.type, 'function_timeout');
    const status = await nango.syncStatus(KEY, '*', connection.connectionId);
    assert.deepEqual(status.syncs.map((s) => [s.name, s.status]).sort(), [['accounts', 'PAUSED'], ['accounts-full', 'PAUSED'], ['forever', 'PAUSED'], ['merge', 'PAUSED']]);
    const again = await runOnce('accounts');
    assert.equal(again.status, 'SUCCESS', 'other syncs still run');
    await waitUntil('the error webhook of forever', () => received.some((w) => w.syncName === 'forever'));
    const failure = received.find((w) => w.syncName === 'forever')!;
    assert.equal(failure.success, false);
    assert.equal((failure.error as { type: string }).type, 'function_timeout');
    assert.equal(typeof failure.startedAt, 'string');
    assert.equal(typeof failure.failedAt, 'string');
  });

  test('start, pause and frequency through @nangohq/node', async () => {
    await nango.startSync(KEY, ['accounts'], connection.connectionId);
    let s = (await nango.syncStatus(KEY, ['accounts'], connection.connectionId)).syncs[0]!;
    assert.notEqual(s.status, 'PAUSED');
    assert.equal(typeof s.nextScheduledSyncAt, 'string');
    const freq = await nango.updateSyncConnectionFrequency(KEY, 'accounts', connection.connectionId, '30 minutes');
    assert.deepEqual(freq, { frequency: 'every 30 minutes' });
    s = (await nango.syncStatus(KEY, ['accounts'], connection.connectionId)).syncs[0]!;
    assert.equal(s.frequency, 'every 30 minutes');
    assert.deepEqual(await nango.updateSyncConnectionFrequency(KEY, 'accounts', connection.connectionId, null), { frequency: 'every 1h' });
    await nango.pauseSync(KEY, ['accounts'], connection.connectionId);
    s = (await nango.syncStatus(KEY, ['accounts'], connection.connectionId)).syncs[0]!;
    assert.equal(s.status, 'PAUSED');
    assert.equal(s.nextScheduledSyncAt, null);
    const bad = await t.api('/sync/update-connection-frequency', { method: 'PUT', json: { sync_name: 'accounts', provider_config_key: KEY, connection_id: connection.connectionId, frequency: 'sometimes' } });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'invalid_sync_frequency');
  });

  test('the /sync API answers its error codes', async () => {
    const code = async (path: string, init: RequestInit & { json?: unknown }) => {
      const r = await t.api(path, init);
      return [r.status, ((await r.json()) as { error: { code: string } }).error.code];
    };
    assert.deepEqual(await code('/sync/trigger', { method: 'POST', json: { syncs: ['accounts'] } }), [400, 'missing_provider_config_key']);
    assert.deepEqual(await code('/sync/trigger', { method: 'POST', json: { syncs: ['nope'], provider_config_key: KEY } }), [400, 'no_syncs_found']);
    assert.deepEqual(await code('/sync/trigger', { method: 'POST', json: { syncs: ['accounts'], provider_config_key: KEY, connection_id: 'missing' } }), [400, 'unknown_connection']);
    assert.deepEqual(await code('/sync/trigger', { method: 'POST', json: { syncs: ['accounts'], provider_config_key: KEY, opts: { reset: true }, full_resync: true } }), [400, 'invalid_body']);
    assert.deepEqual(await code('/sync/start', { method: 'POST', json: { syncs: ['accounts'], provider_config_key: KEY, extra: 1 } }), [400, 'invalid_body']);
    assert.deepEqual(await code(`/sync/status?syncs=accounts&provider_config_key=${KEY}&x=1`, {}), [400, 'invalid_query_params']);
    assert.deepEqual(await code(`/sync/status?syncs=accounts&provider_config_key=${KEY}&connection_id=missing`, {}), [400, 'invalid_body']);
    assert.deepEqual(await code('/sync/update-connection-frequency', { method: 'PUT', json: { sync_name: 'nope', provider_config_key: KEY, connection_id: connection.connectionId, frequency: null } }), [400, 'unknown_sync']);
    assert.equal((await fetch(`${t.url}/sync/status?syncs=*&provider_config_key=${KEY}`)).status, 401);
  });

  test('sync variants: created and deleted through @nangohq/node, run and read as "<Model>::<variant>"', async () => {
    const props = { name: 'accounts', variant: 'eu', provider_config_key: KEY, connection_id: connection.connectionId };
    const created = (await nango.createSyncVariant(props)) as { id: string; name: string; variant: string };
    assert.deepEqual({ name: created.name, variant: created.variant }, { name: 'accounts', variant: 'eu' });
    const code = async (method: string, variant: string) => {
      const r = await t.api(`/sync/accounts/variant/${variant}`, { method, json: { provider_config_key: KEY, connection_id: connection.connectionId } });
      return [r.status, ((await r.json()) as { error?: { code: string } }).error?.code];
    };
    assert.deepEqual(await code('POST', 'eu'), [400, 'sync_variant_already_exists']);
    assert.deepEqual(await code('POST', 'base'), [400, 'invalid_variant']);
    const res = await t.api('/sync/trigger', { method: 'POST', json: { syncs: ['accounts::eu'], provider_config_key: KEY, connection_id: connection.connectionId } });
    assert.equal(res.status, 200);
    const run = await nextFinishedRun(t.services, created.id);
    assert.equal(run.status, 'SUCCESS', JSON.stringify(run.error));
    const base = await records();
    const eu = await records('&variant=eu');
    assert.equal(eu.length, base.length);
    const status = await nango.syncStatus(KEY, [{ name: 'accounts', variant: 'eu' }], connection.connectionId);
    assert.deepEqual((status.syncs as unknown as TerapiSyncStatus[]).map((x) => [x.id, x.variant, x.recordCount]), [[created.id, 'eu', { Account: eu.length }]]);
    await nango.deleteSyncVariant(props);
    assert.deepEqual(await code('DELETE', 'eu'), [404, 'not_found']);
    assert.deepEqual(await records('&variant=eu'), []);
  });

  test('a full sync with trackDeletes deletes what a complete run did not see, never after a failed run', async () => {
    const first = await runOnce('accounts-full', {}, fullConnection);
    assert.equal(first.status, 'SUCCESS', JSON.stringify(first.error));
    const live = first.result.Account!.added;
    assert.equal((await records('', fullConnection)).length, live);
    const [x, y] = await records('', fullConnection);
    await sim.control.deleteRecord(orgId, 'Account', x!.id);
    await sim.control.deleteRecord(orgId, 'Account', y!.id);
    // The second page of every query fails: the run cannot be complete.
    const fault = await sim.control.addFault({ match: { pathRegex: '/query/01g' }, effect: { status: 400, body: [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }] } });
    const failed = await runOnce('accounts-full', {}, fullConnection);
    await sim.control.removeFault(fault.id);
    assert.equal(failed.status, 'ERROR');
    assert.deepEqual(await records('&filter=deleted', fullConnection), []);
    const complete = await runOnce('accounts-full', {}, fullConnection);
    assert.equal(complete.status, 'SUCCESS', JSON.stringify(complete.error));
    assert.deepEqual(complete.result, { Account: { added: 0, updated: 0, deleted: 2 } });
    assert.deepEqual((await records('&filter=deleted', fullConnection)).map((r) => r.id).sort(), [x!.id, y!.id].sort());
  });

  test('with on_sync_completion_always off, a run without changes sends no webhook and one with changes does', async () => {
    const put = await t.api('/environment/webhook', { method: 'PUT', json: { on_sync_completion_always: false } });
    assert.equal(put.status, 200);
    const queued = async () => (await t.services.db.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where event_type = 'sync' and body like '%"syncName":"accounts"%'`)).rows[0]!.n;
    await runOnce('accounts'); // catches up with whatever earlier tests changed in the org
    const before = await queued();
    const quiet = await runOnce('accounts');
    assert.equal(quiet.status, 'SUCCESS');
    assert.deepEqual(quiet.result, {});
    assert.equal(await queued(), before);
    const [one] = await records();
    await sim.control.updateRecord(orgId, 'Account', one!.id, { Name: 'Renamed again' });
    const busy = await runOnce('accounts');
    assert.deepEqual(busy.result, { Account: { added: 0, updated: 1, deleted: 0 } });
    assert.equal(await queued(), before + 1);
  });

  test('a run for a connection that needs re-authorization is skipped with that reason', async () => {
    await t.services.connections.markNeedsReauth(connection.id, { type: 'auth', code: 'invalid_grant', message: 'revoked', at: new Date().toISOString() });
    const run = await runOnce('accounts');
    assert.equal(run.status, 'SKIPPED');
    assert.equal(run.error?.type, 'needs_reauth');
    const s = (await nango.syncStatus(KEY, ['accounts'], connection.connectionId)).syncs[0]! as unknown as TerapiSyncStatus;
    assert.equal(s.latestExecutionStatus, 'SKIPPED');
  });
});
