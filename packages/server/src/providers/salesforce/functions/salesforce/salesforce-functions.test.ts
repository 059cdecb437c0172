// Issue 6 §9: the pre-built Salesforce functions, deployed with one command (`terapi deploy`), tried with
// `terapi dryrun` (nothing saved), and run by the sync engine against the simulator: incremental on
// SystemModstamp with nextRecordsUrl pagination, deletions through queryAll / IsDeleted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../../testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../../testing/connect-salesforce.js';
import { deployCommand } from '../../../../cli/deploy-command.js';
import { dryrunCommand } from '../../../../cli/dryrun-command.js';
import { PREBUILT_FUNCTIONS_DIR } from '../../../../functions/testing/deploy-folder.js';
import { waitUntil } from '../../../../testing/wait-until.js';

type Account = { id: string; name: string; system_modstamp: string };
type DryRunJson = { records: Record<string, { saved: Account[]; updated: unknown[]; deleted: { id: string }[] }>; checkpoint: { systemModstamp: string } | null };

describe('pre-built Salesforce functions', () => {
  let env: TerapiWithSim;
  let orgId: string;
  let connectionId: string;
  /** Accounts the tests changed in the simulator: the only ones that may show as UPDATED. */
  const changed = new Set<string>();
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { env: { TERAPI_HOST: env.t.url, TERAPI_SECRET_KEY: env.t.devSecretKey }, out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) } };
  };
  const dryrun = async (name: string, opts: { lastSyncDate?: string; input?: string } = {}) => {
    const c = io();
    const code = await dryrunCommand(name, connectionId, { integration: 'salesforce', ...opts }, c.io);
    assert.equal(code, 0, c.err.join('\n'));
    return c.out;
  };
  const accountCount = () => env.sim.sim.getOrg(orgId)!.data.table('Account')!.column('IsDeleted').filter((deleted) => !deleted).length;
  const records = async (model: string) => {
    const out: { id: string; name?: string; _nango_metadata: { last_action: string } }[] = [];
    let cursor: string | null = null;
    do {
      const res = await env.t.api(`/records?model=${model}&limit=10000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
      assert.equal(res.status, 200);
      const page = (await res.json()) as { records: typeof out; next_cursor: string | null };
      out.push(...page.records);
      cursor = page.next_cursor;
    } while (cursor);
    return out;
  };

  before(async () => {
    env = await startTerapiWithSalesforceSim();
    orgId = env.sim.summary().orgs.find((o) => !o.sandbox)!.id;
    await env.sim.control.seed(orgId, 2_500);
  });
  after(() => env?.close());

  test('one command deploys them all', async () => {
    const c = io();
    assert.equal(await deployCommand(PREBUILT_FUNCTIONS_DIR, c.io), 0, c.err.join('\n'));
    assert.deepEqual(c.out.slice(1), [
      'added    salesforce/syncs/accounts (version 1)',
      'added    salesforce/syncs/cases (version 1)',
      'added    salesforce/actions/composite (version 1)',
      'added    salesforce/actions/composite-batch (version 1)',
      'added    salesforce/actions/composite-graph (version 1)',
      'added    salesforce/syncs/contacts (version 1)',
      'added    salesforce/actions/create-record (version 1)',
      'added    salesforce/actions/delete-record (version 1)',
      'added    salesforce/actions/describe-global (version 1)',
      'added    salesforce/actions/describe-sobject (version 1)',
      'added    salesforce/syncs/events (version 1)',
      'added    salesforce/actions/get-record (version 1)',
      'added    salesforce/syncs/leads (version 1)',
      'added    salesforce/actions/limits (version 1)',
      'added    salesforce/syncs/objects (version 1)',
      'added    salesforce/syncs/opportunities (version 1)',
      'added    salesforce/actions/query-all (version 1)',
      'added    salesforce/actions/query-more (version 1)',
      'added    salesforce/actions/recent-items (version 1)',
      'added    salesforce/actions/sobject-collections (version 1)',
      'added    salesforce/actions/soql-query (version 1)',
      'added    salesforce/actions/sosl-search (version 1)',
      'added    salesforce/syncs/tasks (version 1)',
      'added    salesforce/actions/update-record (version 1)',
      'added    salesforce/actions/upsert-record (version 1)',
      'added    salesforce/syncs/users (version 1)',
      'added    salesforce/actions/whoami (version 1)',
      '27 added, 0 changed, 0 removed, 0 unchanged.',
    ]);
    ({ connectionId } = await connectSalesforce(env.t, env.sim));
  });

  test('dryrun of accounts prints every Account it would save, across nextRecordsUrl pages', async () => {
    const total = accountCount();
    const out = await dryrun('accounts');
    assert.match(out[0]!, /^Dry run of salesforce\/accounts \(sync, version 1\) on connection .+; nothing was saved\.$/);
    assert.ok(out.includes(`SalesforceAccount: ${total} would be saved, 0 updated, 0 deleted`), out.slice(0, 3).join('\n'));
    const report = JSON.parse(out.at(-1)!) as DryRunJson;
    const saved = report.records.SalesforceAccount!.saved;
    assert.equal(new Set(saved.map((a) => a.id)).size, total);
    const stamps = saved.map((a) => a.system_modstamp);
    assert.deepEqual(stamps, [...stamps].sort(), 'read in SystemModstamp order');
    assert.equal(report.checkpoint?.systemModstamp, stamps.at(-1));
  });

  test('incremental from a SystemModstamp: changed and created records are saved, deleted ones come back through queryAll; dryrun saves nothing', async () => {
    // The auto-started sync finishes before the simulator changes, so the cache holds the records as they were.
    await waitUntil('the auto-started accounts sync to finish', async () => {
      const res = await env.t.api(`/sync/status?syncs=accounts&provider_config_key=salesforce&connection_id=${connectionId}`);
      return ((await res.json()) as { syncs: { status: string }[] }).syncs[0]?.status === 'SUCCESS';
    });
    const cachedBefore = await records('SalesforceAccount');
    assert.equal(cachedBefore.length, accountCount());
    const first = JSON.parse((await dryrun('accounts')).at(-1)!) as DryRunJson;
    // The last run started just before the changes (a lastSyncDate older than getDeleted's 15-day window would
    // make the run a full reconciliation instead: salesforce-sync-engine.test.ts).
    const lastRun = new Date(env.sim.sim.now() - 2_000).toISOString();
    const [a, b, gone] = first.records.SalesforceAccount!.saved;
    await env.sim.control.updateRecord(orgId, 'Account', a!.id, { Name: 'Renamed A' });
    await env.sim.control.updateRecord(orgId, 'Account', b!.id, { Industry: 'Energy' });
    changed.add(a!.id).add(b!.id);
    await env.sim.control.deleteRecord(orgId, 'Account', gone!.id);
    const created = await env.sim.control.createRecord(orgId, 'Account', { Name: 'Brand New' });
    const next = JSON.parse((await dryrun('accounts', { lastSyncDate: lastRun })).at(-1)!) as DryRunJson;
    const bucket = next.records.SalesforceAccount!;
    assert.deepEqual(bucket.saved.map((r) => r.id).sort(), [a!.id, b!.id, created.Id as string].sort());
    assert.equal(bucket.saved.find((r) => r.id === a!.id)?.name, 'Renamed A');
    assert.deepEqual(bucket.deleted, [{ id: gone!.id }]);
    assert.deepEqual(await records('SalesforceAccount'), cachedBefore, 'the records cache is untouched by both dry runs');
  });

  test('the accounts sync, run by the sync engine, fills the records cache; a change and a deletion show as UPDATED and DELETED', async () => {
    const total = accountCount();
    const trigger = () => env.t.api('/sync/trigger', { method: 'POST', json: { syncs: ['accounts'], provider_config_key: 'salesforce', connection_id: connectionId } });
    let all = await records('SalesforceAccount');
    if (all.length < total) assert.equal((await trigger()).status, 200);
    all = await waitUntil(`${total} SalesforceAccount records`, async () => {
      const now = await records('SalesforceAccount');
      return now.length >= total && now;
    }, { every: 100 });
    assert.equal(all.length, total);
    assert.ok(all.every((r) => r._nango_metadata.last_action === 'ADDED'));

    const [x, y] = all;
    await env.sim.control.updateRecord(orgId, 'Account', x!.id, { Name: 'Changed by the test' });
    changed.add(x!.id);
    await env.sim.control.deleteRecord(orgId, 'Account', y!.id);
    assert.equal((await trigger()).status, 200);
    all = await waitUntil('the changed record UPDATED and the deleted one DELETED', async () => {
      const now = await records('SalesforceAccount');
      const rx = now.find((r) => r.id === x!.id);
      const ry = now.find((r) => r.id === y!.id);
      return rx?._nango_metadata.last_action === 'UPDATED' && ry?._nango_metadata.last_action === 'DELETED' && now;
    }, { every: 100 });
    assert.equal(all.find((r) => r.id === x!.id)?.name, 'Changed by the test');
    const updated = all.filter((r) => r._nango_metadata.last_action === 'UPDATED').map((r) => r.id);
    assert.ok(updated.length >= 1 && updated.every((id) => changed.has(id)), `only changed records are UPDATED (re-read unchanged ones are not): ${updated.join(', ')}`);
  });

  test('dryrun of an action prints its output', async () => {
    const out = await dryrun('whoami');
    assert.deepEqual(JSON.parse(out.at(-1)!), { id: env.sim.summary().orgs.find((o) => !o.sandbox)!.users[0]!.id, email: 'admin@acme.example', name: 'Ada Admin', username: 'admin@acme.example', organizationId: orgId });
    const c = io();
    assert.equal(await dryrunCommand('soql-query', connectionId, { input: 'not json' }, c.io), 1);
    assert.deepEqual(c.err, ['--input must be JSON, e.g. --input \'{"query":"SELECT Id FROM Account"}\'']);
  });
});
