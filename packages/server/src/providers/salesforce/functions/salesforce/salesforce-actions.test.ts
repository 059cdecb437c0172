// Issue 14 §5: the pre-built Salesforce actions against the simulator, through POST /action/trigger — each one's
// success, and Salesforce's errors carried in the ActionError payload (errorCode, fields).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../../testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../../testing/connect-salesforce.js';
import { deployFolder, PREBUILT_FUNCTIONS_DIR } from '../../../../functions/testing/deploy-folder.js';

type Failure = { error: { code: string; payload: { errorCode: string; fields: string[]; status: number; message: string } } };

describe('pre-built Salesforce actions', () => {
  let env: TerapiWithSim;
  let orgId: string;
  let connectionId: string;
  const run = async <T = Record<string, unknown>>(action: string, input?: unknown): Promise<{ status: number; body: T }> => {
    const res = await env.t.api('/action/trigger', { method: 'POST', json: { action_name: action, input }, headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
    return { status: res.status, body: (await res.json()) as T };
  };
  const ok = async <T = Record<string, unknown>>(action: string, input?: unknown): Promise<T> => {
    const r = await run<T>(action, input);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const fails = async (action: string, input: unknown): Promise<Failure['error']['payload']> => {
    const r = await run<Failure>(action, input);
    assert.equal(r.status, 500, `${action}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, 'action_script_failure');
    return r.body.error.payload;
  };

  before(async () => {
    env = await startTerapiWithSalesforceSim();
    orgId = env.sim.summary().orgs.find((o) => !o.sandbox)!.id;
    // More than one 2,000-row batch of Accounts, so that queryMore has a next batch to read.
    await env.sim.control.seed(orgId, 2_100);
    ({ connectionId } = await connectSalesforce(env.t, env.sim));
    await deployFolder(env.t, PREBUILT_FUNCTIONS_DIR);
  });
  after(() => env?.close());

  test('create, get, update, upsert and delete a record; DUPLICATE_VALUE and REQUIRED_FIELD_MISSING stay distinguishable', async () => {
    const created = await ok<{ id: string; success: boolean }>('create-record', { object: 'Invoice__c', fields: { Name: 'INV-1', External_Id__c: 'EXT-1', Amount__c: 120 } });
    assert.equal(created.success, true);
    const got = await ok<{ id: string; fields: Record<string, unknown> }>('get-record', { object: 'Invoice__c', id: created.id, fields: ['Name', 'Amount__c'] });
    assert.deepEqual([got.id, got.fields.Name, got.fields.Amount__c], [created.id, 'INV-1', 120]);

    const dup = await fails('create-record', { object: 'Invoice__c', fields: { Name: 'INV-2', External_Id__c: 'EXT-1' } });
    assert.equal(dup.errorCode, 'DUPLICATE_VALUE');
    assert.equal(dup.status, 400);
    const missing = await fails('create-record', { object: 'Contact', fields: { FirstName: 'No last name' } });
    assert.equal(missing.errorCode, 'REQUIRED_FIELD_MISSING');
    assert.deepEqual(missing.fields, ['LastName']);

    assert.deepEqual(await ok('update-record', { object: 'Invoice__c', id: created.id, fields: { Amount__c: 150 } }), { id: created.id, success: true });
    assert.equal(env.sim.sim.getOrg(orgId)!.data.get('Invoice__c', created.id)!.Amount__c, 150);
    const notFound = await fails('update-record', { object: 'Invoice__c', id: 'a01000000000000AAA', fields: { Amount__c: 1 } });
    assert.equal(notFound.errorCode, 'NOT_FOUND');

    const updated = await ok<{ id: string; created: boolean }>('upsert-record', { object: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'EXT-1', fields: { Amount__c: 175 } });
    assert.deepEqual(updated, { id: created.id, created: false });
    const inserted = await ok<{ id: string; created: boolean }>('upsert-record', { object: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'EXT-2', fields: { Name: 'INV-3' } });
    assert.equal(inserted.created, true);

    assert.deepEqual(await ok('delete-record', { object: 'Invoice__c', id: inserted.id }), { id: inserted.id, success: true });
    assert.equal((await fails('delete-record', { object: 'Invoice__c', id: inserted.id })).errorCode, 'ENTITY_IS_DELETED');
  });

  test('sObject collections create, retrieve, update, upsert and delete, with per-record errors', async () => {
    const created = await ok<{ results: { id: string | null; success: boolean; errors: { errorCode: string }[] }[] }>('sobject-collections', {
      operation: 'create',
      records: [{ object: 'Account', fields: { Name: 'Coll A' } }, { object: 'Contact', fields: { FirstName: 'No last name' } }],
    });
    assert.equal(created.results[0]!.success, true);
    assert.equal(created.results[1]!.success, false);
    assert.equal(created.results[1]!.errors[0]!.errorCode, 'REQUIRED_FIELD_MISSING');
    const id = created.results[0]!.id!;
    const got = await ok<{ records: ({ Name: string } | null)[] }>('sobject-collections', { operation: 'retrieve', object: 'Account', ids: [id], fields: ['Name'] });
    assert.equal(got.records[0]!.Name, 'Coll A');
    const upd = await ok<{ results: { success: boolean }[] }>('sobject-collections', { operation: 'update', records: [{ object: 'Account', id, fields: { Name: 'Coll B' } }] });
    assert.equal(upd.results[0]!.success, true);
    const ups = await ok<{ results: { success: boolean; created?: boolean }[] }>('sobject-collections', { operation: 'upsert', object: 'Account', externalIdField: 'Ext_Id__c', records: [{ Ext_Id__c: 'COLL-1', Name: 'Coll C' }] });
    assert.equal(ups.results[0]!.success, true);
    const del = await ok<{ results: { success: boolean }[] }>('sobject-collections', { operation: 'delete', ids: [id] });
    assert.equal(del.results[0]!.success, true);
  });

  test('composite, composite batch and composite graph', async () => {
    const comp = await ok<{ compositeResponse: { httpStatusCode: number; body: unknown }[] }>('composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: '/services/data/v60.0/sobjects/Account', referenceId: 'acc', body: { Name: 'Composite Co' } },
        { method: 'POST', url: '/services/data/v60.0/sobjects/Contact', referenceId: 'con', body: { LastName: 'C', AccountId: '@{acc.id}' } },
      ],
    });
    assert.deepEqual(comp.compositeResponse.map((r) => r.httpStatusCode), [201, 201]);
    const batch = await ok<{ hasErrors: boolean; results: { statusCode: number }[] }>('composite-batch', { batchRequests: [{ method: 'GET', url: 'v60.0/limits' }, { method: 'GET', url: 'v60.0/sobjects/Account/001000000000000AAA' }] });
    assert.equal(batch.hasErrors, true);
    assert.deepEqual(batch.results.map((r) => r.statusCode), [200, 404]);
    const graph = await ok<{ graphs: { graphId: string; isSuccessful: boolean }[] }>('composite-graph', {
      graphs: [{ graphId: 'g1', compositeRequest: [{ method: 'POST', url: '/services/data/v60.0/sobjects/Account', referenceId: 'a', body: { Name: 'Graph Co' } }] }],
    });
    assert.deepEqual(graph.graphs.map((g) => [g.graphId, g.isSuccessful]), [['g1', true]]);
    assert.equal((await fails('composite', { compositeRequest: [{ method: 'GET', url: '/services/data/v60.0/limits', referenceId: 'x' }, { method: 'GET', url: '/services/data/v60.0/limits', referenceId: 'x' }] })).errorCode, 'DUPLICATE_VALUE');
  });

  test('SOQL query, queryAll and queryMore; SOSL search; their Salesforce errors', async () => {
    const first = await ok<{ totalSize: number; done: boolean; nextRecordsUrl?: string; records: { Id: string }[] }>('query-all', { query: 'SELECT Id FROM Account' });
    assert.ok(first.totalSize > 2_000);
    assert.equal(first.done, false);
    const more = await ok<{ done: boolean; records: { Id: string }[] }>('query-more', { nextRecordsUrl: first.nextRecordsUrl });
    assert.equal(more.done, true);
    assert.equal(first.records.length + more.records.length, first.totalSize);
    const seeded = env.sim.sim.getOrg(orgId)!.data;
    const q = await ok<{ records: unknown[] }>('soql-query', { query: 'SELECT Id, Name FROM Account', maxRecords: 5 });
    assert.equal(q.records.length, 5);
    assert.equal((await fails('query-all', { query: 'SELECT Nope FROM Account' })).errorCode, 'INVALID_FIELD');
    assert.ok((await fails('query-more', { nextRecordsUrl: '/services/data/v60.0/query/01gXXXXXXXXXXXX-2000' })).status >= 400);

    const acc = seeded.create('Account', { Name: 'Quxquux Holdings' });
    const found = await ok<{ searchRecords: { type: string; id: string }[] }>('sosl-search', { search: 'FIND {quxquux} RETURNING Account(Id, Name)' });
    assert.deepEqual(found.searchRecords.map((r) => [r.type, r.id]), [['Account', acc.Id]]);
    assert.equal((await fails('sosl-search', { search: 'FIND {x} RETURNING Account(Id)' })).errorCode, 'MALFORMED_SEARCH');
  });

  test('describe global and sObject (custom objects and fields included), limits, current user, recent items', async () => {
    const global = await ok<{ sobjects: { name: string; custom: boolean }[] }>('describe-global');
    assert.ok(global.sobjects.some((o) => o.name === 'Invoice__c' && o.custom));
    const inv = await ok<{ fields: { name: string; type: string; custom: boolean }[] }>('describe-sobject', { object: 'Invoice__c' });
    assert.deepEqual(inv.fields.find((f) => f.name === 'Amount__c'), { ...inv.fields.find((f) => f.name === 'Amount__c'), type: 'currency', custom: true });
    assert.equal((await fails('describe-sobject', { object: 'Nope__c' })).errorCode, 'NOT_FOUND');
    const limits = await ok<{ limits: Record<string, { max: number; remaining: number }> }>('limits');
    assert.equal(limits.limits.DailyApiRequests!.max, 15000);
    const me = await ok<{ id: string; organizationId: string }>('whoami');
    assert.equal(me.organizationId, orgId);
    const recent = await ok<{ items: { type: string; id: string }[] }>('recent-items', { limit: 2 });
    assert.equal(recent.items.length, 2);
  });
});
