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

test('a user keeps at most 10 open query locators; the oldest one stops working', async () => {
  const first = (await q('SELECT Id FROM Account', false, { 'sforce-query-options': 'batchSize=200' })).json<Page>();
  for (let i = 0; i < 10; i++) await q('SELECT Id FROM Contact', false, { 'sforce-query-options': 'batchSize=200' });
  const res = await s.call('GET', first.nextRecordsUrl!);
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
});

test("Nango's pre-built tickets query returns cases with parents and CaseComments (null when none)", async () => {
  const caseId = (await s.call('POST', '/services/data/v60.0/sobjects/Case', { body: { Subject: 'With comments', Status: 'Closed' } })).json<{ id: string }>().id;
  await s.call('POST', '/services/data/v60.0/sobjects/CaseComment', { body: { ParentId: caseId, CommentBody: 'First' } });
  const bare = (await s.call('POST', '/services/data/v60.0/sobjects/Case', { body: { Subject: 'No comments' } })).json<{ id: string }>().id;
  const soql = `SELECT Id, CaseNumber, Subject, AccountId, Account.Name, ContactId, Contact.Name, OwnerId, Owner.Name, Priority, Status,
    Description, Type, CreatedDate, ClosedDate, Origin, IsClosed, IsEscalated, LastModifiedDate,
    (SELECT Id, CommentBody, CreatedDate, CreatedBy.Name FROM CaseComments) FROM Case WHERE Id IN ('${caseId}', '${bare}') ORDER BY CreatedDate`;
  const res = await q(soql);
  assert.equal(res.status, 200, res.text);
  const [withComments, without] = res.json<Page>().records as Record<string, unknown>[];
  assert.equal(withComments!.IsClosed, true);
  assert.equal(withComments!.ClosedDate, withComments!.LastModifiedDate);
  assert.equal(withComments!.Account, null);
  const comments = withComments!.CaseComments as { totalSize: number; done: boolean; records: Record<string, unknown>[] };
  assert.equal(comments.totalSize, 1);
  assert.equal(comments.done, true);
  assert.equal(comments.records[0]!.CommentBody, 'First');
  assert.deepEqual((comments.records[0]!.CreatedBy as { attributes: { type: string } }).attributes.type, 'Name');
  assert.equal(without!.CaseComments, null);
  assert.equal(without!.ClosedDate, null);
  assert.equal(without!.IsEscalated, false);
});

test("Nango's pre-built contacts, leads and opportunities field lists are all queryable", async () => {
  for (const soql of [
    'SELECT Id, FirstName, MiddleName, LastName, Account.Name, Email, AccountId, OwnerId, Owner.Name, MobilePhone, Phone, Title, Salutation, LastModifiedDate FROM Contact WHERE LastModifiedDate > 2020-01-01T00:00:00.000Z',
    'SELECT Id, FirstName, MiddleName, LastName, Company, Email, Title, Salutation, Website, Industry, LastModifiedDate, OwnerId, Owner.Name, Phone FROM Lead',
    'SELECT Id, Name, AccountId, Account.Name, Amount, Description, CloseDate, CreatedById, CreatedBy.Name, OwnerId, Owner.Name, StageName, Probability, Type, LastModifiedDate FROM Opportunity',
    'SELECT Id, Name, Description, Website, Industry, BillingCity, BillingCountry, OwnerId, Owner.Name, NumberOfEmployees, LastModifiedDate FROM Account',
  ]) {
    const res = await q(soql);
    assert.equal(res.status, 200, res.text);
    assert.ok(res.json<Page>().totalSize > 0);
  }
});

test("Nango's users query: User with Profile.Name, filtered by a REST-format SystemModstamp", async () => {
  const first = (await q('SELECT Id, SystemModstamp FROM User ORDER BY SystemModstamp ASC')).json<Page>().records[0]!;
  const soql = `SELECT Id, Username, Email, FirstName, LastName, IsActive, ProfileId, Profile.Name, SystemModstamp FROM User WHERE SystemModstamp >= ${String(first.SystemModstamp)} ORDER BY SystemModstamp ASC`;
  const res = await s.call('GET', `/services/data/v59.0/query?q=${encodeURIComponent(soql)}`);
  assert.equal(res.status, 200, res.text);
  const user = res.json<Page>().records[0]!;
  assert.equal(user.Username, s.org.users[0]!.username);
  assert.equal(user.IsActive, true);
  assert.equal((user.Profile as { Name: string }).Name, 'System Administrator');
});
