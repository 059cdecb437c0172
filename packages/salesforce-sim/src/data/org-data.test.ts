import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidId18 } from '../ids/salesforce-id.js';
import { OrgData } from './org-data.js';
import { SimDataError } from './sim-data-error.js';

function org(start = Date.UTC(2026, 0, 1)) {
  let now = start - 60_000;
  const data = new OrgData({ orgId: '00D5g0000000001AAA', myDomain: 'acme.my.salesforce.com', now: () => now });
  data.syncUsers([{ id: '0055g0000000001AAA', username: 'admin@acme.example', active: true }]);
  now = start;
  return { data, tick: (ms: number) => (now += ms) };
}

test('create returns an 18-char id with the object key prefix and system fields', () => {
  const { data } = org();
  const rec = data.create('account', { Name: 'Acme' });
  assert.equal(typeof rec.Id, 'string');
  assert.ok(isValidId18(rec.Id as string));
  assert.equal((rec.Id as string).slice(0, 3), '001');
  assert.equal(rec.CreatedDate, '2026-01-01T00:00:00.000+0000');
  assert.equal(rec.SystemModstamp, rec.CreatedDate);
  assert.equal(rec.OwnerId, '0055g0000000001AAA');
  assert.equal(rec.IsDeleted, false);
  assert.deepEqual(data.get('Account', rec.Id as string)?.Name, 'Acme');
});

test('update bumps SystemModstamp and LastModifiedDate; computed fields follow', () => {
  const { data, tick } = org();
  const c = data.create('Contact', { LastName: 'Doe', FirstName: 'Jo' });
  assert.equal(c.Name, 'Jo Doe');
  tick(5000);
  const u = data.update('Contact', c.Id as string, { FirstName: 'Al' });
  assert.equal(u.Name, 'Al Doe');
  assert.equal(u.SystemModstamp, '2026-01-01T00:00:05.000+0000');
  assert.equal(u.LastModifiedDate, '2026-01-01T00:00:05.000+0000');
  assert.equal(u.CreatedDate, '2026-01-01T00:00:00.000+0000');
});

test('field errors use Salesforce codes and name the fields', () => {
  const { data } = org();
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof SimDataError);
      return [e.errorCode, e.message, e.fields];
    }
    return undefined;
  };
  assert.deepEqual(code(() => data.create('Account', {})), ['REQUIRED_FIELD_MISSING', 'Required fields are missing: [Name]', ['Name']]);
  assert.deepEqual(code(() => data.create('Account', { Id: '001000000000000AAA', Name: 'x' })), ['INVALID_FIELD', 'The Id field should not be specified in the sobject data.', []]);
  assert.deepEqual(code(() => data.create('Account', { Name: 'x', Foo: 1 }))?.[0], 'INVALID_FIELD');
  assert.deepEqual(code(() => data.create('Contact', { LastName: 'x', Email: 'not an email' })), ['INVALID_EMAIL_ADDRESS', 'Email: invalid email address: not an email', ['Email']]);
  assert.deepEqual(code(() => data.create('Account', { Name: 'x', CreatedDate: '2020-01-01T00:00:00Z' }))?.[0], 'INVALID_FIELD_FOR_INSERT_UPDATE');
  assert.deepEqual(code(() => data.create('Contact', { LastName: 'x', AccountId: '001000000000000' }))?.[0], 'INVALID_CROSS_REFERENCE_KEY');
  assert.deepEqual(code(() => data.create('Contact', { LastName: 'x', AccountId: 'bogus' }))?.[0], 'MALFORMED_ID');
  assert.deepEqual(code(() => data.create('Nope__c', {}))?.[0], 'NOT_FOUND');
});

test('delete keeps the record in the recycle bin; undelete restores it', () => {
  const { data, tick } = org();
  const a = data.create('Account', { Name: 'Gone' });
  tick(1000);
  data.delete('Account', a.Id as string);
  assert.equal(data.get('Account', a.Id as string), undefined);
  assert.throws(() => data.delete('Account', a.Id as string), { errorCode: 'ENTITY_IS_DELETED' });
  assert.throws(() => data.update('Account', a.Id as string, { Name: 'x' }), { errorCode: 'ENTITY_IS_DELETED' });
  const back = data.undelete('Account', a.Id as string);
  assert.equal(back.IsDeleted, false);
  assert.equal(back.SystemModstamp, '2026-01-01T00:00:01.001+0000');
  assert.throws(() => data.undelete('Account', a.Id as string), { errorCode: 'UNDELETE_FAILED' });
});

test('a 15-char id finds the same record as its 18-char form', () => {
  const { data } = org();
  const a = data.create('Account', { Name: 'Acme' });
  assert.equal(data.get('Account', (a.Id as string).slice(0, 15))?.Id, a.Id);
});

test('transaction rollback undoes creates, updates and deletes', () => {
  const { data } = org();
  const keep = data.create('Account', { Name: 'Keep' });
  data.transaction((rollback) => {
    data.create('Account', { Name: 'Temp' });
    data.update('Account', keep.Id as string, { Name: 'Changed' });
    data.delete('Account', keep.Id as string);
    rollback();
  });
  assert.equal(data.get('Account', keep.Id as string)?.Name, 'Keep');
  assert.equal(data.table('Account')!.size, 1);
});

test('API usage counts in a rolling 24-hour window and stops at the maximum', () => {
  const data = new OrgData({ orgId: '00D5g0000000001AAA', myDomain: 'x.my.salesforce.com', dailyApiMax: 2 });
  assert.equal(data.limits.tryCount(1000), true);
  assert.equal(data.limits.tryCount(2000), true);
  assert.equal(data.limits.tryCount(3000), false);
  assert.equal(data.limits.header(), 'api-usage=2/2');
  assert.equal(data.limits.tryCount(1000 + 86_400_000), true);
  assert.equal(data.limits.dailyApiUsed, 2);
});
