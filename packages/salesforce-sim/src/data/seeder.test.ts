import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OrgData } from './org-data.js';

const newOrg = () => {
  const data = new OrgData({ orgId: '00D5g0000000001AAA', myDomain: 'acme.my.salesforce.com' });
  data.syncUsers([{ id: '0055g0000000001AAA', username: 'admin@acme.example', active: true }]);
  return data;
};

const dump = (data: OrgData, type: string) => {
  const t = data.table(type)!;
  return t.ids.map((id) => data.get(type, id));
};

test('the same seed gives the same ids and data; another seed other data', () => {
  const a = newOrg();
  const b = newOrg();
  const c = newOrg();
  a.seed(50, 42);
  b.seed(50, 42);
  c.seed(50, 43);
  for (const type of ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'CaseComment', 'Invoice__c']) {
    assert.equal(a.table(type)!.size, 50);
    assert.deepEqual(dump(a, type), dump(b, type));
  }
  assert.notDeepEqual(dump(a, 'Contact').map((r) => r?.Email), dump(c, 'Contact').map((r) => r?.Email));
});

test('120k seeded rows (20k per object) have valid relationships and system fields', () => {
  const data = newOrg();
  data.seed(20_000, 1);
  const accounts = data.table('Account')!;
  const contacts = data.table('Contact')!;
  assert.equal(accounts.size, 20_000);
  assert.equal(contacts.size, 20_000);
  assert.equal(new Set(contacts.ids).size, 20_000);
  const accountIds = contacts.column('AccountId');
  let linked = 0;
  for (let i = 0; i < contacts.size; i++) {
    const id = accountIds[i];
    if (id === null) continue;
    linked++;
    assert.ok(accounts.rowById.has(id as string));
  }
  assert.ok(linked > 0);
  const last = data.get('Contact', contacts.ids[contacts.size - 1]!)!;
  assert.match(last.SystemModstamp as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
  assert.ok((last.SystemModstamp as string) >= (last.CreatedDate as string));
  assert.equal(last.OwnerId, '0055g0000000001AAA');
  assert.equal(last.Name, `${String(last.FirstName)} ${String(last.LastName)}`);
});
