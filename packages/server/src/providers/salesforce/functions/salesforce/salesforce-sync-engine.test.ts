// Issue 14 §2–§4, §8: the shared incremental engine, run by the sync engine against the simulator —
// same-second writes, recycle-bin deletions, purges, undeletes, a full reconciliation past getDeleted's window,
// the API reserve, Bulk API 2.0 for a large full read then REST, and a custom object through the objects sync.
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../../testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../../testing/connect-salesforce.js';
import { deployCommand } from '../../../../cli/deploy-command.js';
import { PREBUILT_FUNCTIONS_DIR } from '../../../../functions/testing/deploy-folder.js';
import { waitUntil } from '../../../../testing/wait-until.js';

type Rec = { id: string; _nango_metadata: { last_action: string }; [k: string]: unknown };
type Status = { status: string; finishedAt?: string; latestExecutionStatus?: string; latestNote?: string; checkpoint: Record<string, unknown> | null };

const DAY = 86_400_000;
const SYNCS = ['accounts', 'contacts', 'leads', 'opportunities', 'cases', 'users', 'tasks', 'events'];

describe('the Salesforce incremental engine', () => {
  let env: TerapiWithSim;
  let orgId: string;
  let connectionId: string;
  const org = () => env.sim.sim.getOrg(orgId)!;
  const headers = () => ({ 'connection-id': connectionId, 'provider-config-key': 'salesforce' });

  const records = async (model: string): Promise<Map<string, Rec>> => {
    const out = new Map<string, Rec>();
    let cursor: string | null = null;
    do {
      const res = await env.t.api(`/records?model=${model}&limit=10000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: headers() });
      assert.equal(res.status, 200);
      const page = (await res.json()) as { records: Rec[]; next_cursor: string | null };
      for (const r of page.records) out.set(r.id, r);
      cursor = page.next_cursor;
    } while (cursor);
    return out;
  };
  const status = async (name: string): Promise<Status> => {
    const res = await env.t.api(`/sync/status?syncs=${name}&provider_config_key=salesforce&connection_id=${connectionId}`);
    return ((await res.json()) as { syncs: Status[] }).syncs[0]!;
  };
  /** Triggers a run and waits for it to finish; returns its status. */
  const runSync = async (name: string, syncMode: 'incremental' | 'full_refresh' | 'full_refresh_and_clear_cache' = 'incremental'): Promise<Status> => {
    const before = (await status(name)).finishedAt ?? '';
    const res = await env.t.api('/sync/trigger', { method: 'POST', json: { syncs: [name], provider_config_key: 'salesforce', connection_id: connectionId, sync_mode: syncMode } });
    assert.equal(res.status, 200, await res.text());
    return waitUntil(`a new run of ${name} to finish`, async () => {
      const s = await status(name);
      return s.status !== 'RUNNING' && (s.finishedAt ?? '') > before && s;
    }, { every: 100 });
  };
  const setMetadata = async (metadata: Record<string, unknown>) => {
    const res = await env.t.api('/connections/metadata', { method: 'PATCH', json: { connection_id: connectionId, provider_config_key: 'salesforce', metadata } });
    assert.equal(res.status, 200, await res.text());
  };

  before(async () => {
    env = await startTerapiWithSalesforceSim();
    orgId = env.sim.summary().orgs.find((o) => !o.sandbox)!.id;
    await env.sim.control.seed(orgId, 4_500);
    const out: string[] = [];
    const err: string[] = [];
    const code = await deployCommand(PREBUILT_FUNCTIONS_DIR, { env: { TERAPI_HOST: env.t.url, TERAPI_SECRET_KEY: env.t.devSecretKey }, out: (l) => void out.push(l), err: (l) => void err.push(l) });
    assert.equal(code, 0, err.join('\n'));
    ({ connectionId } = await connectSalesforce(env.t, env.sim));
    // accounts and contacts start by themselves; the others wait to be started.
    const trigger = await env.t.api('/sync/trigger', { method: 'POST', json: { syncs: SYNCS.slice(2), provider_config_key: 'salesforce', connection_id: connectionId } });
    assert.equal(trigger.status, 200, await trigger.text());
    await waitUntil('every sync to finish its first run', async () => {
      for (const name of SYNCS) {
        const s = await status(name);
        if (s.status === 'RUNNING' || !s.finishedAt) return false;
        assert.equal(s.latestExecutionStatus, 'SUCCESS', `${name}: ${JSON.stringify(s)}`);
      }
      return true;
    }, { every: 200, ms: 300_000 });
  });
  after(() => env?.close());

  test('rows written in the same second as the last one read are neither lost nor reported twice; one changed again in that second is', async () => {
    // Align the simulator's clock just past a day boundary, then stamp by the day: every write below shares one SystemModstamp.
    const now = env.sim.sim.now();
    await env.sim.control.advanceClock(Math.ceil(now / DAY) * DAY + 60_000 - now);
    org().data.stampResolutionMs = DAY;
    try {
      const first = await env.sim.control.createRecord(orgId, 'Lead', { LastName: 'Same-second one', Company: 'A' });
      await runSync('leads');
      assert.equal((await records('SalesforceLead')).get(first.Id as string)?._nango_metadata.last_action, 'ADDED');
      const second = await env.sim.control.createRecord(orgId, 'Lead', { LastName: 'Same-second two', Company: 'B' });
      const done = await runSync('leads');
      assert.equal(done.latestExecutionStatus, 'SUCCESS');
      let leads = await records('SalesforceLead');
      assert.equal(leads.get(second.Id as string)?._nango_metadata.last_action, 'ADDED', 'the second row, at the same stamp, is read');
      assert.equal(leads.get(first.Id as string)?._nango_metadata.last_action, 'ADDED', 'the first row, read again at that stamp, is not reported again');
      assert.equal(String(org().data.get('Lead', first.Id as string)!.SystemModstamp), String(org().data.get('Lead', second.Id as string)!.SystemModstamp));

      await env.sim.control.updateRecord(orgId, 'Lead', first.Id as string, { Company: 'Changed in the same second' });
      await runSync('leads');
      leads = await records('SalesforceLead');
      assert.equal(leads.get(first.Id as string)?.company, 'Changed in the same second');
      assert.equal(leads.get(first.Id as string)?._nango_metadata.last_action, 'UPDATED');
      assert.equal(leads.get(second.Id as string)?._nango_metadata.last_action, 'ADDED');
    } finally {
      org().data.stampResolutionMs = 0;
    }
  });

  test('a row in the recycle bin and a purged row are DELETED; an undeleted row comes back as UPDATED', async () => {
    const all = [...(await records('SalesforceAccount')).values()].filter((r) => r._nango_metadata.last_action === 'ADDED');
    const [binned, purged] = all;
    await env.sim.control.deleteRecord(orgId, 'Account', binned!.id);
    await env.sim.control.purgeRecord(orgId, 'Account', purged!.id);
    // getDeleted covers whole minutes up to the current one.
    await env.sim.control.advanceClock(120_000);
    await env.sim.control.resetRequestLog();
    await runSync('accounts');
    let accounts = await records('SalesforceAccount');
    assert.equal(accounts.get(binned!.id)?._nango_metadata.last_action, 'DELETED');
    assert.equal(accounts.get(purged!.id)?._nango_metadata.last_action, 'DELETED', 'the purged row is found through getDeleted');
    const calls = (await env.sim.control.requestLog()).counts;
    assert.ok((calls['rest.sobject.deleted'] ?? 0) >= 1, JSON.stringify(calls));

    await env.sim.control.undeleteRecord(orgId, 'Account', binned!.id);
    await runSync('accounts');
    accounts = await records('SalesforceAccount');
    assert.equal(accounts.get(binned!.id)?._nango_metadata.last_action, 'UPDATED');
    assert.equal(accounts.get(purged!.id)?._nango_metadata.last_action, 'DELETED');
  });

  test('when deletions were last checked beyond getDeleted’s 15-day window, a full reconciliation finds a row purged meanwhile', async () => {
    const live = [...(await records('SalesforceContact')).values()].filter((r) => r._nango_metadata.last_action !== 'DELETED');
    const [gone, kept] = live;
    await env.sim.control.purgeRecord(orgId, 'Contact', gone!.id);
    await env.sim.control.advanceClock(16 * DAY);
    await env.sim.control.resetRequestLog();
    const done = await runSync('contacts');
    assert.equal(done.latestExecutionStatus, 'SUCCESS');
    const contacts = await records('SalesforceContact');
    assert.equal(contacts.get(gone!.id)?._nango_metadata.last_action, 'DELETED', 'only a full re-read can find it: it left the recycle bin over 15 days ago');
    assert.notEqual(contacts.get(kept!.id)?._nango_metadata.last_action, 'DELETED');
    assert.equal([...contacts.values()].filter((r) => r._nango_metadata.last_action === 'DELETED').length, 1, 'nothing else is deleted');
    const calls = (await env.sim.control.requestLog()).counts;
    assert.equal(calls['rest.sobject.deleted'] ?? 0, 0, 'getDeleted is not asked for a window it no longer has');
    // The next run is incremental again: getDeleted from where the reconciliation started.
    await env.sim.control.advanceClock(120_000);
    await env.sim.control.resetRequestLog();
    await runSync('contacts');
    const next = (await env.sim.control.requestLog()).counts;
    assert.equal(next['rest.sobject.deleted'], 1, JSON.stringify(next));
    assert.equal(next['rest.query'] ?? 0, 0, 'no full re-read');
  });

  test('a run that reaches the API reserve stops with its checkpoint saved, succeeds with a note (status, log, webhook), and the next run goes on from there', async (t) => {
    // The app's webhook endpoint, a real loopback server: sync webhooks are sent even for runs that change nothing.
    const received: Record<string, unknown>[] = [];
    const hooks: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    t.after(async () => {
      await env.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: null } });
      await new Promise<void>((r) => hooks.close(() => r()));
    });
    const put = await env.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: `http://127.0.0.1:${(hooks.address() as { port: number }).port}/hooks`, on_sync_completion_always: false } });
    assert.equal(put.status, 200, await put.text());
    const usage = org().data.limits;
    const reserve = Math.ceil(usage.dailyApiMax * 0.1);
    // Room for two calls above the reserve: the COUNT() and the first page of a full read.
    usage.dailyApiUsed = usage.dailyApiMax - reserve - 2;
    const stopped = await runSync('cases', 'full_refresh_and_clear_cache');
    assert.equal(stopped.latestExecutionStatus, 'SUCCESS');
    const partial = (await records('SalesforceCase')).size;
    assert.equal(partial, 2_000, 'one page of 2,000 was saved before the reserve');
    assert.ok(usage.dailyApiMax - usage.dailyApiUsed >= reserve, 'the org is not taken below its reserve');
    assert.ok(stopped.checkpoint && (stopped.checkpoint as { full?: unknown }).full, 'the checkpoint says a full read is under way');
    assert.match(String((stopped.checkpoint as { note?: string }).note), /^Salesforce API budget: \d+ of 15000 daily calls left, at or below the 10% reserve/, 'the checkpoint says why');
    assert.match(String(stopped.latestNote), /^Salesforce API budget: \d+ of 15000 daily calls left, at or below the 10% reserve/, 'the sync status says why');
    // The sync webhook: Nango's success shape, plus the note.
    const hook = await waitUntil('the sync webhook of the stopped run', () => received.find((w) => w.type === 'sync' && w.syncName === 'cases' && w.note), { every: 50 });
    assert.equal(hook.success, true);
    assert.equal(hook.model, 'SalesforceCase');
    assert.equal(hook.syncType, 'INITIAL');
    assert.equal(hook.note, stopped.latestNote);
    assert.deepEqual(hook.responseResults, { added: 2_000, updated: 0, deleted: 0 });
    // The operation log's sync row.
    await env.t.services.operations.flush();
    type Op = { id: string; status: string; message: string; detail: Record<string, unknown> };
    const page = (await (await env.t.api('/logs/operations?kind=sync&integration=salesforce&limit=100')).json()) as { operations: Op[] };
    const rows = await Promise.all(page.operations.map(async (o) => (await (await env.t.api(`/logs/operations/${o.id}`)).json()) as Op));
    const logged = rows.find((o) => o.detail.sync_name === 'cases' && o.detail.note);
    assert.ok(logged, JSON.stringify(rows.slice(0, 2)));
    assert.equal(logged.status, 'success');
    assert.equal(logged.detail.note, stopped.latestNote);
    assert.match(logged.message, /Salesforce API budget/);

    usage.dailyApiUsed = 0;
    const resumed = await runSync('cases');
    assert.equal(resumed.latestExecutionStatus, 'SUCCESS');
    assert.equal((resumed.checkpoint as { note?: string }).note, undefined);
    assert.equal(resumed.latestNote, undefined, 'a run that completes has no note');
    const total = org().data.table('Case')!.column('IsDeleted').filter((d) => !d).length;
    assert.equal((await records('SalesforceCase')).size, total);
  });

  test('a page whose write fails stops the run before its checkpoint, though the next page was sent meanwhile; the next run saves what was missed', async (t) => {
    // REST pages of 2,000 in SystemModstamp, Id order: the record that cannot be written is on the second page.
    const table = org().data.table('Lead')!;
    const ids = table.ids;
    const stamps = table.column('SystemModstamp') as number[];
    const deleted = table.column('IsDeleted') as boolean[];
    const order = ids.map((_, i) => i).filter((i) => !deleted[i]).sort((a, b) => stamps[a]! - stamps[b]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
    assert.ok(order.length > 4_000, 'three pages of Leads');
    const failing = ids[order[2_500]!]!;
    const lastOfFirstPage = new Date(stamps[order[1_999]!]!).toISOString();
    // A real failure of the write, in PostgreSQL itself.
    const db = env.t.services.db;
    await db.query(`create function refuse_one_lead() returns trigger language plpgsql as $$
      begin
        if new.external_id = '${failing}' then raise exception 'this record cannot be written'; end if;
        return new;
      end $$`);
    await db.query('create trigger refuse_one_lead before insert or update on records for each row execute function refuse_one_lead()');
    t.after(async () => {
      await db.query('drop trigger if exists refuse_one_lead on records');
      await db.query('drop function if exists refuse_one_lead()');
    });

    const failed = await runSync('leads', 'full_refresh_and_clear_cache');
    assert.equal(failed.latestExecutionStatus, 'ERROR');
    const watermark = (failed.checkpoint as { systemModstamp?: string } | null)?.systemModstamp;
    assert.equal(watermark, lastOfFirstPage, 'the checkpoint is the first page, the last one whose records were all written');
    const partial = await records('SalesforceLead');
    for (const i of order.slice(0, 2_000)) assert.ok(partial.has(ids[i]!), 'the first page is saved');
    assert.ok(!partial.has(failing));
    // The third page was sent while the second was being written; the run ended only after its write.
    for (const i of order.slice(4_000)) assert.ok(partial.has(ids[i]!), 'the third page is saved');
    await env.t.services.operations.flush();
    const countAfterFailure = partial.size;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await records('SalesforceLead')).size, countAfterFailure, 'nothing of the failed run is written after it ended');

    await db.query('drop trigger refuse_one_lead on records');
    const resumed = await runSync('leads');
    assert.equal(resumed.latestExecutionStatus, 'SUCCESS');
    const all = await records('SalesforceLead');
    assert.equal(all.size, order.length);
    assert.ok(all.has(failing));
  });

  test('a full read above bulkThreshold goes through Bulk API 2.0 (CSV pages, typed values); the run after uses REST', async () => {
    await setMetadata({ bulkThreshold: 1_000 });
    await env.sim.control.resetRequestLog();
    const done = await runSync('opportunities', 'full_refresh_and_clear_cache');
    assert.equal(done.latestExecutionStatus, 'SUCCESS');
    const calls = (await env.sim.control.requestLog()).counts;
    assert.equal(calls['bulk.query.create'], 1, JSON.stringify(calls));
    assert.ok((calls['bulk.query.results'] ?? 0) >= 1);
    // REST only for the two COUNT()s and the read of the line items (none: under the threshold).
    assert.equal(calls['rest.query'], 3, JSON.stringify(calls));
    const opps = await records('SalesforceOpportunity');
    const total = org().data.table('Opportunity')!.column('IsDeleted').filter((d) => !d).length;
    assert.equal(opps.size, total);
    const one = [...opps.values()][0]!;
    const sim = org().data.get('Opportunity', one.id)!;
    assert.equal(one.amount, sim.Amount, 'currency is a number again');
    assert.equal(typeof one.is_closed, 'boolean');
    assert.equal(one.system_modstamp, new Date(String(sim.SystemModstamp).replace('+0000', 'Z')).toISOString());

    await env.sim.control.updateRecord(orgId, 'Opportunity', one.id, { StageName: 'Closed Won' });
    await env.sim.control.resetRequestLog();
    await runSync('opportunities');
    const after = (await env.sim.control.requestLog()).counts;
    assert.equal(after['bulk.query.create'] ?? 0, 0);
    assert.ok((after['rest.queryAll'] ?? 0) >= 1);
    assert.equal((await records('SalesforceOpportunity')).get(one.id)?.stage_name, 'Closed Won');
    await setMetadata({ bulkThreshold: null });
  });

  test('an object Bulk refuses is read through REST instead', async () => {
    await setMetadata({ bulkThreshold: 1_000 });
    const fault = await env.sim.control.addFault({
      match: { method: 'POST', pathRegex: '/jobs/query$' },
      effect: { status: 400, body: [{ errorCode: 'API_ERROR', message: "Entity 'Lead' is not supported by the Bulk API" }] },
      times: 1,
    });
    try {
      await env.sim.control.resetRequestLog();
      const done = await runSync('leads', 'full_refresh_and_clear_cache');
      assert.equal(done.latestExecutionStatus, 'SUCCESS');
      const calls = (await env.sim.control.requestLog()).counts;
      assert.equal(calls['bulk.query.results'] ?? 0, 0);
      // COUNT(), then 4,500+ rows through REST: a first page and its nextRecordsUrl pages.
      assert.equal(calls['rest.query'], 2, JSON.stringify(calls));
      assert.ok((calls['rest.query.more'] ?? 0) >= 2, JSON.stringify(calls));
      const total = org().data.table('Lead')!.column('IsDeleted').filter((d) => !d).length;
      assert.equal((await records('SalesforceLead')).size, total);
      assert.equal((await env.sim.control.listFaults()).find((f) => f.id === fault.id)?.hits, 1, 'Bulk was tried first');
    } finally {
      await env.sim.control.removeFault(fault.id);
      await setMetadata({ bulkThreshold: null });
    }
  });

  test('the objects sync follows a custom object with the fields chosen in metadata; an unknown field fails the run', async () => {
    await setMetadata({ objects: { Invoice__c: ['Name', 'Amount__c', 'Paid__c', 'Status__c'] } });
    const done = await runSync('objects');
    assert.equal(done.latestExecutionStatus, 'SUCCESS');
    const recs = await records('SalesforceObjectRecord');
    const total = org().data.table('Invoice__c')!.column('IsDeleted').filter((d) => !d).length;
    assert.equal(recs.size, total);
    const one = [...recs.values()][0]!;
    assert.equal(one.object, 'Invoice__c');
    assert.deepEqual(Object.keys(one.fields as object).sort(), ['Amount__c', 'Name', 'Paid__c', 'Status__c']);

    await env.sim.control.deleteRecord(orgId, 'Invoice__c', one.id);
    await runSync('objects');
    assert.equal((await records('SalesforceObjectRecord')).get(one.id)?._nango_metadata.last_action, 'DELETED');

    await setMetadata({ objects: { Invoice__c: ['Name', 'No_Such_Field__c'] } });
    const failed = await runSync('objects');
    assert.equal(failed.latestExecutionStatus, 'ERROR');
  });
});
