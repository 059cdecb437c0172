import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { openRestSession, productionOrg, type RestTestSession } from './rest-test-session.js';

let running: RunningSalesforceSim;
let s: RestTestSession;

interface Page { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Record<string, unknown>[] }

before(async () => {
  running = await startSalesforceSim();
  s = await openRestSession(running, productionOrg(running));
  s.org.data.seed(450, 7);
});
after(() => running.close());

const q = (soql: string, all = false, headers?: Record<string, string>) =>
  s.call('GET', `/services/data/v60.0/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql).replace(/%20/g, '+')}`, headers ? { headers } : {});

test('a query that fits in one batch is done with no nextRecordsUrl', async () => {
  const res = await q('SELECT Id, Name, Account.Name FROM Contact WHERE Account.Name != null ORDER BY Name LIMIT 3');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
  const page = res.json<Page>();
  assert.equal(page.totalSize, 3);
  assert.equal(page.done, true);
  assert.equal('nextRecordsUrl' in page, false);
  const first = page.records[0]!;
  assert.deepEqual(Object.keys(first), ['attributes', 'Id', 'Name', 'Account']);
  assert.deepEqual(first.attributes, { type: 'Contact', url: `/services/data/v60.0/sobjects/Contact/${String(first.Id)}` });
  assert.equal((first.Account as { attributes: { type: string } }).attributes.type, 'Account');
});

test('Sforce-Query-Options batchSize pages through nextRecordsUrl until done', async () => {
  const res = await q('SELECT Id FROM Account', false, { 'sforce-query-options': 'batchSize=200' });
  let page = res.json<Page>();
  assert.equal(page.totalSize, 450);
  assert.equal(page.done, false);
  assert.equal(page.records.length, 200);
  assert.match(page.nextRecordsUrl!, /^\/services\/data\/v60\.0\/query\/01g[A-Za-z0-9]+-200$/);
  const ids = new Set(page.records.map((r) => r.Id));
  const sizes = [page.records.length];
  while (!page.done) {
    page = (await s.call('GET', page.nextRecordsUrl!)).json<Page>();
    sizes.push(page.records.length);
    for (const r of page.records) ids.add(r.Id);
    assert.equal(page.totalSize, 450);
  }
  assert.deepEqual(sizes, [200, 200, 50]);
  assert.equal(ids.size, 450);
  assert.equal('nextRecordsUrl' in page, false);
});

test('batchSize is clamped to 200..2000, default 2000', async () => {
  assert.equal((await q('SELECT Id FROM Account', false, { 'sforce-query-options': 'batchSize=5' })).json<Page>().records.length, 200);
  assert.equal((await q('SELECT Id FROM Account')).json<Page>().records.length, 450);
});

test('an unknown query locator is 400 INVALID_QUERY_LOCATOR', async () => {
  const res = await s.call('GET', '/services/data/v60.0/query/01gXXXXXXXXXXXXXXX-200');
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
});

test('queryAll returns deleted records with IsDeleted true; query does not', async () => {
  const created = await s.call('POST', '/services/data/v60.0/sobjects/Lead', { body: { LastName: 'Gone', Company: 'Nowhere Inc' } });
  const id = created.json<{ id: string }>().id;
  assert.equal((await s.call('DELETE', `/services/data/v60.0/sobjects/Lead/${id}`)).status, 204);
  const soql = `SELECT Id, IsDeleted FROM Lead WHERE Id = '${id}'`;
  assert.deepEqual((await q(soql)).json<Page>(), { totalSize: 0, done: true, records: [] });
  const all = (await q(soql, true)).json<Page>();
  assert.equal(all.totalSize, 1);
  assert.equal(all.records[0]!.IsDeleted, true);
});

test('queryAll locators also live under /query/', async () => {
  const page = (await q('SELECT Id FROM Account', true, { 'sforce-query-options': 'batchSize=300' })).json<Page>();
  assert.match(page.nextRecordsUrl!, /^\/services\/data\/v60\.0\/query\/01g/);
});

test('COUNT() answers totalSize with no records', async () => {
  assert.deepEqual((await q('SELECT COUNT() FROM Opportunity')).json(), { totalSize: 450, done: true, records: [] });
});

test('datetimes use the +0000 offset format', async () => {
  const rec = (await q('SELECT CreatedDate FROM Account LIMIT 1')).json<Page>().records[0]!;
  assert.match(String(rec.CreatedDate), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
});

test('query errors are 400 arrays with MALFORMED_QUERY, INVALID_FIELD and INVALID_TYPE', async () => {
  const cases: [string, string][] = [['SELECT FROM Account', 'MALFORMED_QUERY'], ['SELECT Foo FROM Account', 'INVALID_FIELD'], ['SELECT Id FROM Foo', 'INVALID_TYPE']];
  for (const [soql, code] of cases) {
    const res = await q(soql);
    assert.equal(res.status, 400);
    const body = res.json<{ errorCode: string; message: string }[]>();
    assert.equal(body.length, 1);
    assert.equal(body[0]!.errorCode, code);
    assert.match(body[0]!.message, /ERROR at Row:1:Column:\d+/);
  }
  const empty = await s.call('GET', '/services/data/v60.0/query');
  assert.equal(empty.status, 400);
  assert.equal(empty.json<{ errorCode: string }[]>()[0]!.errorCode, 'MALFORMED_QUERY');
});
