import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { openRestSession, productionOrg, type RestTestSession } from './rest-test-session.js';

let running: RunningSalesforceSim;
let s: RestTestSession;
const base = '/services/data/v60.0/sobjects';
const NOT_FOUND = [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }];

before(async () => {
  running = await startSalesforceSim();
  s = await openRestSession(running, productionOrg(running));
});
after(() => running.close());

test('create answers 201 {id, success, errors}', async () => {
  const res = await s.call('POST', `${base}/Lead`, { body: { LastName: 'Doe', Company: 'Acme' } });
  assert.equal(res.status, 201);
  const body = res.json<{ id: string }>();
  assert.match(body.id, /^00Q[A-Za-z0-9]{15}$/);
  assert.deepEqual(body, { id: body.id, success: true, errors: [] });
});

test('read returns the record with attributes; ?fields= narrows it', async () => {
  const id = (await s.call('POST', `${base}/Account`, { body: { Name: 'Read Me', Industry: 'Energy' } })).json<{ id: string }>().id;
  const full = await s.call('GET', `${base}/Account/${id}`);
  assert.equal(full.status, 200);
  const rec = full.json<Record<string, unknown>>();
  assert.deepEqual(rec.attributes, { type: 'Account', url: `/services/data/v60.0/sobjects/Account/${id}` });
  assert.equal(rec.Name, 'Read Me');
  assert.equal(rec.IsDeleted, false);
  assert.match(String(rec.SystemModstamp), /\+0000$/);
  const some = await s.call('GET', `${base}/Account/${id}?fields=Name,Industry`);
  assert.deepEqual(some.json(), { attributes: { type: 'Account', url: `/services/data/v60.0/sobjects/Account/${id}` }, Name: 'Read Me', Industry: 'Energy' });
  assert.equal((await s.call('GET', `${base}/Account/${id}?fields=Nope`)).json<{ errorCode: string }[]>()[0]!.errorCode, 'INVALID_FIELD');
});

test('update answers 204 with an empty body and bumps SystemModstamp', async () => {
  const id = (await s.call('POST', `${base}/Account`, { body: { Name: 'Before' } })).json<{ id: string }>().id;
  const before = s.org.data.get('Account', id)!.SystemModstamp as string;
  const res = await s.call('PATCH', `${base}/Account/${id}`, { body: { Name: 'After' } });
  assert.equal(res.status, 204);
  assert.equal(res.text, '');
  const after = s.org.data.get('Account', id)!;
  assert.equal(after.Name, 'After');
  assert.ok((after.SystemModstamp as string) > before);
});

test('delete answers 204; the record is then 404 and a second delete is ENTITY_IS_DELETED', async () => {
  const id = (await s.call('POST', `${base}/Account`, { body: { Name: 'Doomed' } })).json<{ id: string }>().id;
  assert.equal((await s.call('DELETE', `${base}/Account/${id}`)).status, 204);
  const read = await s.call('GET', `${base}/Account/${id}`);
  assert.equal(read.status, 404);
  assert.deepEqual(read.json(), NOT_FOUND);
  const again = await s.call('DELETE', `${base}/Account/${id}`);
  assert.equal(again.status, 404);
  assert.deepEqual(again.json(), [{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED' }]);
});

test('unknown ids, non-id segments and unknown types are 404s', async () => {
  assert.deepEqual((await s.call('GET', `${base}/Account/001000000000000AAA`)).json(), NOT_FOUND);
  const rid = await s.call('DELETE', `${base}/Account/rid`);
  assert.equal(rid.status, 404);
  assert.deepEqual(rid.json(), [{ message: 'Provided external ID field does not exist or is not accessible: rid', errorCode: 'NOT_FOUND' }]);
  assert.equal((await s.call('POST', `${base}/Nope__c`, { body: { Name: 'x' } })).status, 404);
});

test('create errors: Id in body, missing required field, bad field, bad JSON', async () => {
  const withId = await s.call('POST', `${base}/Account`, { body: { Id: '001000000000000AAA', Name: 'x' } });
  assert.equal(withId.status, 400);
  assert.deepEqual(withId.json(), [{ message: 'The Id field should not be specified in the sobject data.', errorCode: 'INVALID_FIELD' }]);
  const missing = await s.call('POST', `${base}/Account`, { body: { Industry: 'Energy' } });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.json(), [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }]);
  const bad = await s.call('POST', `${base}/Account`, { body: { Name: 'x', Bogus__c: 1 } });
  assert.deepEqual(bad.json(), [{ message: "No such column 'Bogus__c' on sobject of type Account", errorCode: 'INVALID_FIELD', fields: ['Bogus__c'] }]);
  const json = await s.call('POST', `${base}/Account`, { body: '{"Name":' });
  assert.equal(json.status, 400);
  assert.equal(json.json<{ errorCode: string }[]>()[0]!.errorCode, 'JSON_PARSER_ERROR');
});

test('upsert by external id: 201 created, then 200 created:false, 404 with updateOnly', async () => {
  const url = `${base}/Invoice__c/External_Id__c/INV-1`;
  const created = await s.call('PATCH', url, { body: { Amount__c: 10 } });
  assert.equal(created.status, 201);
  const id = created.json<{ id: string }>().id;
  assert.deepEqual(created.json(), { id, success: true, errors: [], created: true });
  const updated = await s.call('PATCH', url, { body: { Amount__c: 20 } });
  assert.equal(updated.status, 200);
  assert.deepEqual(updated.json(), { id, success: true, errors: [], created: false });
  assert.equal(s.org.data.get('Invoice__c', id)!.Amount__c, 20);
  assert.equal((await s.call('PATCH', `${base}/Invoice__c/External_Id__c/INV-NEW?updateOnly=true`, { body: { Amount__c: 1 } })).status, 404);
  const byExt = await s.call('GET', url);
  assert.equal(byExt.json<{ Id: string }>().Id, id);
});

test('upsert matching several records answers 300 with their URLs', async () => {
  const a = (await s.call('POST', `${base}/Account`, { body: { Name: 'Dup A', Ext_Id__c: 'DUP' } })).json<{ id: string }>().id;
  const b = (await s.call('POST', `${base}/Account`, { body: { Name: 'Dup B', Ext_Id__c: 'DUP' } })).json<{ id: string }>().id;
  const res = await s.call('PATCH', `${base}/Account/Ext_Id__c/DUP`, { body: { Name: 'Which' } });
  assert.equal(res.status, 300);
  assert.deepEqual(res.json(), [`/services/data/v60.0/sobjects/Account/${a}`, `/services/data/v60.0/sobjects/Account/${b}`]);
});

test('upsert errors: unknown external id field, external id in the body', async () => {
  const unknown = await s.call('PATCH', `${base}/Account/Nope__c/1`, { body: { Name: 'x' } });
  assert.equal(unknown.status, 404);
  assert.deepEqual(unknown.json(), [{ message: 'Provided external ID field does not exist or is not accessible: Nope__c', errorCode: 'NOT_FOUND' }]);
  const inBody = await s.call('PATCH', `${base}/Invoice__c/External_Id__c/INV-9`, { body: { External_Id__c: 'INV-9' } });
  assert.equal(inBody.status, 400);
  assert.deepEqual(inBody.json(), [{ message: 'The External_Id__c field should not be specified in the sobject data.', errorCode: 'INVALID_FIELD' }]);
});

test('an old API version answers an upsert-update with 204', async () => {
  await s.call('PATCH', `${base}/Invoice__c/External_Id__c/INV-OLD`, { body: { Amount__c: 1 } });
  const res = await s.call('PATCH', '/services/data/v40.0/sobjects/Invoice__c/External_Id__c/INV-OLD', { body: { Amount__c: 2 } });
  assert.equal(res.status, 204);
});

test('an unsupported method is 405', async () => {
  const res = await s.call('PUT', `${base}/Account`, { body: {} });
  assert.equal(res.status, 405);
  assert.deepEqual(res.json(), [{ message: "HTTP Method 'PUT' not allowed. Allowed are GET,POST", errorCode: 'METHOD_NOT_ALLOWED' }]);
});

test('POST /sobjects/{Type}/Id creates, answering created:true', async () => {
  const res = await s.call('POST', `${base}/Account/Id`, { body: { Name: 'Via Id upsert' } });
  assert.equal(res.status, 201);
  const id = res.json<{ id: string }>().id;
  assert.deepEqual(res.json(), { id, success: true, errors: [], created: true });
});
