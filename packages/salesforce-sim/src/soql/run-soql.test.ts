import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OrgData } from '../data/org-data.js';
import { projectRecord, runSoql, type SoqlResult } from './run-soql.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);

function org() {
  let now = NOW;
  const data = new OrgData({ orgId: '00D5g0000000001AAA', myDomain: 'acme.my.salesforce.com', now: () => now });
  data.syncUsers([{ id: '0055g0000000001AAA', username: 'admin@acme.example', active: true, firstName: 'Ada', lastName: 'Admin' }]);
  const globex = data.create('Account', { Name: 'Globex', Industry: 'Energy', NumberOfEmployees: 50 });
  const acme = data.create('Account', { Name: 'Acme', Industry: 'Banking', NumberOfEmployees: 500 });
  const initech = data.create('Account', { Name: 'Initech', NumberOfEmployees: 5 });
  data.create('Contact', { LastName: 'Zed', FirstName: 'Ann', AccountId: acme.Id, Email: 'ann@acme.example' });
  data.create('Contact', { LastName: "O'Brien", AccountId: globex.Id });
  data.create('Contact', { LastName: 'Young', FirstName: 'Bo' });
  now += 3 * 86_400_000;
  data.create('Opportunity', { Name: 'Big', StageName: 'Closed Won', CloseDate: '2026-06-20', Amount: 1000, AccountId: acme.Id });
  return { data, ids: { globex: globex.Id as string, acme: acme.Id as string, initech: initech.Id as string }, setNow: (ms: number) => (now = ms) };
}

function names(r: SoqlResult, data: OrgData): unknown[] {
  assert.equal(r.kind, 'records');
  if (r.kind !== 'records') return [];
  return r.rows.map((row) => projectRecord(data, r, row, '60.0').Name ?? projectRecord(data, r, row, '60.0').LastName);
}

test('comparisons, IN, LIKE, AND/OR with parentheses and ORDER BY', () => {
  const { data } = org();
  const q = (text: string) => names(runSoql(data, text, { includeDeleted: false }), data);
  assert.deepEqual(q('SELECT Name FROM Account WHERE NumberOfEmployees > 10 ORDER BY Name'), ['Acme', 'Globex']);
  assert.deepEqual(q('SELECT Name FROM Account WHERE NumberOfEmployees <= 50 ORDER BY NumberOfEmployees DESC'), ['Globex', 'Initech']);
  assert.deepEqual(q("SELECT Name FROM Account WHERE Industry IN ('Banking', 'Energy') ORDER BY Name DESC"), ['Globex', 'Acme']);
  assert.deepEqual(q("SELECT Name FROM Account WHERE Industry NOT IN ('Banking') ORDER BY Name"), ['Globex', 'Initech']);
  assert.deepEqual(q("SELECT Name FROM Account WHERE name like 'g%' "), ['Globex']);
  assert.deepEqual(q("SELECT Name FROM Account WHERE Name = 'ACME'"), ['Acme'], 'string equality ignores case');
  assert.deepEqual(q("SELECT Name FROM Account WHERE (Industry = 'Energy' OR Industry = null) AND NumberOfEmployees < 100 ORDER BY Name"), ['Globex', 'Initech']);
  assert.deepEqual(q("SELECT Name FROM Account WHERE Industry != 'Energy' ORDER BY Name"), ['Acme', 'Initech'], '!= keeps nulls');
  assert.deepEqual(q("SELECT LastName FROM Contact WHERE LastName = 'O\\'Brien'"), ["O'Brien"]);
});

test('ORDER BY puts nulls first ascending and last descending unless told otherwise', () => {
  const { data } = org();
  const q = (text: string) => names(runSoql(data, text, { includeDeleted: false }), data);
  assert.deepEqual(q('SELECT Name FROM Account ORDER BY Industry'), ['Initech', 'Acme', 'Globex']);
  assert.deepEqual(q('SELECT Name FROM Account ORDER BY Industry DESC'), ['Globex', 'Acme', 'Initech']);
  assert.deepEqual(q('SELECT Name FROM Account ORDER BY Industry ASC NULLS LAST'), ['Acme', 'Globex', 'Initech']);
  assert.deepEqual(q('SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 1'), ['Globex', 'Initech']);
});

test('parent relationship fields come back nested with attributes, null lookups as null', () => {
  const { data, ids } = org();
  const r = runSoql(data, 'SELECT Id, LastName, Account.Name, Owner.Name FROM Contact ORDER BY LastName', { includeDeleted: false });
  assert.equal(r.kind, 'records');
  if (r.kind !== 'records') return;
  const [obrien, young, zed] = r.rows.map((row) => projectRecord(data, r, row, '60.0'));
  assert.deepEqual(obrien!.Account, { attributes: { type: 'Account', url: `/services/data/v60.0/sobjects/Account/${ids.globex}` }, Name: 'Globex' });
  assert.equal(young!.Account, null);
  assert.deepEqual(zed!.Owner, { attributes: { type: 'Name', url: '/services/data/v60.0/sobjects/User/0055g0000000001AAA' }, Name: 'Ada Admin' });
  assert.deepEqual(Object.keys(zed!), ['attributes', 'Id', 'LastName', 'Account', 'Owner']);
  assert.deepEqual(names(runSoql(data, "SELECT LastName FROM Contact WHERE Account.Industry = 'Banking'", { includeDeleted: false }), data), ['Zed']);
});

test('booleans, numbers, dates, datetimes and date literals filter by type', () => {
  const { data } = org();
  const q = (text: string) => names(runSoql(data, text, { includeDeleted: false, now: NOW + 3 * 86_400_000 }), data);
  assert.deepEqual(q('SELECT Name FROM Opportunity WHERE IsWon = true AND Amount >= 1000.0'), ['Big']);
  assert.deepEqual(q('SELECT Name FROM Opportunity WHERE CloseDate > 2026-06-19 AND CloseDate < 2026-06-21'), ['Big']);
  assert.deepEqual(q('SELECT Name FROM Account WHERE CreatedDate < 2026-06-15T12:00:01Z ORDER BY Name'), ['Acme', 'Globex', 'Initech']);
  assert.deepEqual(q('SELECT Name FROM Opportunity WHERE CreatedDate = TODAY'), ['Big']);
  assert.deepEqual(q('SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:2'), []);
  assert.deepEqual(q('SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:3 ORDER BY Name'), ['Acme', 'Globex', 'Initech']);
});

test('COUNT() gives a total and no records; COUNT(field) an AggregateResult', () => {
  const { data } = org();
  assert.equal((runSoql(data, 'SELECT COUNT() FROM Contact WHERE AccountId != null', { includeDeleted: false }) as { totalSize: number }).totalSize, 2);
  const agg = runSoql(data, 'SELECT COUNT(Industry) n FROM Account', { includeDeleted: false });
  assert.deepEqual(agg.kind === 'aggregate' && agg.record, { attributes: { type: 'AggregateResult' }, n: 2 });
});

test('deleted records appear only with includeDeleted (queryAll), with IsDeleted true', () => {
  const { data, ids } = org();
  data.delete('Account', ids.initech);
  const q = (all: boolean) => names(runSoql(data, 'SELECT Name, IsDeleted FROM Account WHERE IsDeleted = true', { includeDeleted: all }), data);
  assert.deepEqual(q(false), []);
  assert.deepEqual(q(true), ['Initech']);
});

test('unknown fields, relationships and objects give INVALID_FIELD / INVALID_TYPE', () => {
  const { data } = org();
  const run = (text: string) => runSoql(data, text, { includeDeleted: false });
  assert.throws(() => run('SELECT Foo FROM Account'), {
    errorCode: 'INVALID_FIELD',
    message: "\nSELECT Foo FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
  });
  assert.throws(() => run('SELECT Parent.Name FROM Contact'), { errorCode: 'INVALID_FIELD' });
  assert.throws(() => run('SELECT Id FROM Foo'), { errorCode: 'INVALID_TYPE' });
  assert.throws(() => run("SELECT Id FROM Account WHERE CreatedDate > '2024-01-01'"), { errorCode: 'INVALID_FIELD' });
  assert.throws(() => run('SELECT Id FROM Account WHERE Name = 3'), { errorCode: 'INVALID_FIELD' });
  assert.throws(() => run("SELECT Id FROM Account WHERE Id = 'nope'"), { errorCode: 'INVALID_QUERY_FILTER_OPERATOR' });
  assert.throws(() => run('SELECT Id FROM Account OFFSET 2001'), { errorCode: 'NUMBER_OUTSIDE_VALID_RANGE' });
});

test('a parent-to-child subquery nests children, or null when there are none', () => {
  const { data, ids } = org();
  const r = runSoql(data, "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name IN ('Acme', 'Initech') ORDER BY Name", { includeDeleted: false });
  assert.equal(r.kind, 'records');
  if (r.kind !== 'records') return;
  const [acme, initech] = r.rows.map((row) => projectRecord(data, r, row, '60.0'));
  assert.deepEqual(acme!.Contacts, {
    totalSize: 1, done: true,
    records: [{ attributes: { type: 'Contact', url: `/services/data/v60.0/sobjects/Contact/${String((data.table('Contact')!.ids[0]))}` }, LastName: 'Zed' }],
  });
  assert.equal(initech!.Contacts, null);
  assert.ok(ids.acme);
  assert.throws(() => runSoql(data, 'SELECT Id, (SELECT Id FROM Nope) FROM Account', { includeDeleted: false }), { errorCode: 'INVALID_TYPE' });
});

test('FIELDS(STANDARD|CUSTOM|ALL) expands to the schema fields; ALL and CUSTOM need LIMIT 200 or less', () => {
  const { data } = org();
  const r = runSoql(data, 'SELECT FIELDS(CUSTOM) FROM Account LIMIT 1', { includeDeleted: false });
  assert.deepEqual(r.kind === 'records' && r.columns.map((c) => c.field.name), ['Ext_Id__c']);
  const std = runSoql(data, 'SELECT FIELDS(STANDARD) FROM Account', { includeDeleted: false });
  assert.equal(std.kind === 'records' && std.columns.some((c) => c.field.name === 'Ext_Id__c'), false);
  assert.equal(std.kind === 'records' && std.columns[0]!.field.name, 'Id');
  assert.throws(() => runSoql(data, 'SELECT FIELDS(ALL) FROM Account', { includeDeleted: false }), { errorCode: 'MALFORMED_QUERY' });
});

test('semi-joins and anti-joins filter by the values a sub-select picks', () => {
  const { data } = org();
  const q = (text: string) => names(runSoql(data, text, { includeDeleted: false }), data);
  assert.deepEqual(q("SELECT LastName FROM Contact WHERE AccountId IN (SELECT Id FROM Account WHERE Industry = 'Banking')"), ['Zed']);
  assert.deepEqual(q('SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact) ORDER BY Name'), ['Initech']);
  assert.throws(() => runSoql(data, 'SELECT Id FROM Contact WHERE AccountId IN (SELECT Id, Name FROM Account)', { includeDeleted: false }), { errorCode: 'MALFORMED_QUERY' });
});
