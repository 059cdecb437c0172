import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { openRestSession, productionOrg, type RestTestSession } from './rest-test-session.js';

let running: RunningSalesforceSim;
let s: RestTestSession;
const base = '/services/data/v60.0';

before(async () => {
  running = await startSalesforceSim();
  s = await openRestSession(running, productionOrg(running));
});
after(() => running.close());

test('SOSL search finds records by a term in their text fields, returning the fields asked for', async () => {
  const id = (await s.call('POST', `${base}/sobjects/Account`, { body: { Name: 'Zyxwv Widgets' } })).json<{ id: string }>().id;
  const q = encodeURIComponent('FIND {zyxwv*} IN ALL FIELDS RETURNING Account(Id, Name), Contact(Id)');
  const res = await s.call('GET', `${base}/search?q=${q}`);
  assert.equal(res.status, 200);
  const body = res.json<{ searchRecords: { attributes: { type: string }; Id: string; Name: string }[] }>();
  assert.deepEqual(body.searchRecords.map((r) => [r.attributes.type, r.Id, r.Name]), [['Account', id, 'Zyxwv Widgets']]);
  const bad = await s.call('GET', `${base}/search?q=${encodeURIComponent('zyxwv')}`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json<{ errorCode: string }[]>()[0]!.errorCode, 'MALFORMED_SEARCH');
});

test('recent lists the most recently changed records first', async () => {
  const id = (await s.call('POST', `${base}/sobjects/Lead`, { body: { LastName: 'Latest', Company: 'Recent Co' } })).json<{ id: string }>().id;
  const res = await s.call('GET', `${base}/recent?limit=3`);
  assert.equal(res.status, 200);
  const items = res.json<{ attributes: { type: string }; Id: string }[]>();
  assert.equal(items.length, 3);
  assert.deepEqual([items[0]!.attributes.type, items[0]!.Id], ['Lead', id]);
});

test('a unique field refuses a value another live record holds: DUPLICATE_VALUE', async () => {
  assert.equal((await s.call('POST', `${base}/sobjects/Invoice__c`, { body: { Name: 'One', External_Id__c: 'UNIQ-1' } })).status, 201);
  const dup = await s.call('POST', `${base}/sobjects/Invoice__c`, { body: { Name: 'Two', External_Id__c: 'UNIQ-1' } });
  assert.equal(dup.status, 400);
  assert.match(dup.json<{ errorCode: string; message: string }[]>()[0]!.message, /^duplicate value found: External_Id__c duplicates value on record with id: a01/);
  assert.equal(dup.json<{ errorCode: string }[]>()[0]!.errorCode, 'DUPLICATE_VALUE');
});

test('composite graph runs each graph all-or-none on its own', async () => {
  const res = await s.call('POST', `${base}/composite/graph`, {
    body: {
      graphs: [
        { graphId: 'ok', compositeRequest: [{ method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'a', body: { Name: 'Graph Co' } }, { method: 'POST', url: `${base}/sobjects/Contact`, referenceId: 'c', body: { LastName: 'G', AccountId: '@{a.id}' } }] },
        { graphId: 'bad', compositeRequest: [{ method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'a', body: { Name: 'Rolled back' } }, { method: 'POST', url: `${base}/sobjects/Contact`, referenceId: 'c', body: {} }] },
      ],
    },
  });
  assert.equal(res.status, 200);
  const graphs = res.json<{ graphs: { graphId: string; isSuccessful: boolean }[] }>().graphs;
  assert.deepEqual(graphs.map((g) => [g.graphId, g.isSuccessful]), [['ok', true], ['bad', false]]);
  const rolled = await s.call('GET', `${base}/query?q=${encodeURIComponent("SELECT Id FROM Account WHERE Name = 'Rolled back'")}`);
  assert.equal(rolled.json<{ totalSize: number }>().totalSize, 0);
});
