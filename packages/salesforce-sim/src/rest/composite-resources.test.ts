import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { openRestSession, productionOrg, type RestTestSession } from './rest-test-session.js';

let running: RunningSalesforceSim;
let s: RestTestSession;
const v = '/services/data/v60.0';

interface CompositeItem { body: unknown; httpHeaders: Record<string, string>; httpStatusCode: number; referenceId: string }

before(async () => {
  running = await startSalesforceSim();
  s = await openRestSession(running, productionOrg(running));
});
after(() => running.close());

const countOf = (type: string) => s.org.data.table(type)!.size;

test('composite runs subrequests in order, resolves @{ref.id} and counts as one call', async () => {
  const used = s.org.data.limits.dailyApiUsed;
  const res = await s.call('POST', `${v}/composite`, { body: { allOrNone: true, compositeRequest: [
    { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'refAccount', body: { Name: 'Sample Account' } },
    { method: 'POST', url: `${v}/sobjects/Contact`, referenceId: 'refContact', body: { LastName: 'Sample', AccountId: '@{refAccount.id}' } },
    { method: 'GET', url: `${v}/query?q=SELECT+Id,Account.Name+FROM+Contact+WHERE+Id='@{refContact.id}'`, referenceId: 'refQuery' },
  ] } });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-length'], undefined);
  assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
  const items = res.json<{ compositeResponse: CompositeItem[] }>().compositeResponse;
  assert.deepEqual(items.map((i) => [i.referenceId, i.httpStatusCode]), [['refAccount', 201], ['refContact', 201], ['refQuery', 200]]);
  const accountId = (items[0]!.body as { id: string }).id;
  assert.deepEqual(items[0]!.httpHeaders, { Location: `${v}/sobjects/Account/${accountId}` });
  assert.equal(s.org.data.get('Contact', (items[1]!.body as { id: string }).id)!.AccountId, accountId);
  assert.equal((items[2]!.body as { records: { Account: { Name: string } }[] }).records[0]!.Account.Name, 'Sample Account');
  assert.equal(s.org.data.limits.dailyApiUsed, used + 1);
});

test('composite allOrNone rolls back earlier subrequests and marks them PROCESSING_HALTED', async () => {
  const before = countOf('Account');
  const res = await s.call('POST', `${v}/composite`, { body: { allOrNone: true, compositeRequest: [
    { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'ok', body: { Name: 'Rolled back' } },
    { method: 'POST', url: `${v}/sobjects/Contact`, referenceId: 'bad', body: { LastName: 'x', Email: 'Not a real email address' } },
    { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'later', body: { Name: 'Never' } },
  ] } });
  assert.equal(res.status, 200);
  const items = res.json<{ compositeResponse: CompositeItem[] }>().compositeResponse;
  assert.deepEqual(items.map((i) => i.httpStatusCode), [400, 400, 400]);
  assert.deepEqual(items[1]!.body, [{ message: 'Email: invalid email address: Not a real email address', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }]);
  assert.equal((items[0]!.body as { errorCode: string }[])[0]!.errorCode, 'PROCESSING_HALTED');
  assert.equal(countOf('Account'), before);
});

test('composite without allOrNone keeps successes; a reference to a failed subrequest fails', async () => {
  const res = await s.call('POST', `${v}/composite`, { body: { compositeRequest: [
    { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'bad', body: {} },
    { method: 'POST', url: `${v}/sobjects/Contact`, referenceId: 'dep', body: { LastName: 'x', AccountId: '@{bad.id}' } },
    { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'good', body: { Name: 'Kept' } },
  ] } });
  const items = res.json<{ compositeResponse: CompositeItem[] }>().compositeResponse;
  assert.deepEqual(items.map((i) => i.httpStatusCode), [400, 400, 201]);
  assert.equal((items[1]!.body as { errorCode: string }[])[0]!.errorCode, 'PROCESSING_HALTED');
});

test('composite limits: 25 subrequests, 5 queries, no Authorization header override', async () => {
  const many = Array.from({ length: 26 }, (_, i) => ({ method: 'GET', url: `${v}/limits`, referenceId: `r${i}` }));
  const tooMany = await s.call('POST', `${v}/composite`, { body: { compositeRequest: many } });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.json<{ errorCode: string }[]>()[0]!.errorCode, 'LIMIT_EXCEEDED');
  const queries = Array.from({ length: 6 }, (_, i) => ({ method: 'GET', url: `${v}/query?q=SELECT+Id+FROM+Account`, referenceId: `q${i}` }));
  assert.equal((await s.call('POST', `${v}/composite`, { body: { compositeRequest: queries } })).status, 400);
  const header = await s.call('POST', `${v}/composite`, { body: { compositeRequest: [
    { method: 'GET', url: `${v}/limits`, referenceId: 'h', httpHeaders: { Authorization: 'Bearer x' } },
  ] } });
  assert.equal(header.status, 400);
});

test('composite/batch runs independent subrequests; haltOnError turns the rest into 412', async () => {
  const res = await s.call('POST', `${v}/composite/batch`, { body: { haltOnError: true, batchRequests: [
    { method: 'POST', url: 'v60.0/sobjects/Account', richInput: { Name: 'Batch' } },
    { method: 'GET', url: 'v60.0/sobjects/Account/001000000000000AAA' },
    { method: 'GET', url: 'v60.0/limits' },
  ] } });
  assert.equal(res.status, 200);
  const body = res.json<{ hasErrors: boolean; results: { statusCode: number; result: unknown }[] }>();
  assert.equal(body.hasErrors, true);
  assert.deepEqual(body.results.map((r) => r.statusCode), [201, 404, 412]);
});

test('sObject collections create: per-record results, errors with statusCode', async () => {
  const res = await s.call('POST', `${v}/composite/sobjects`, { body: { allOrNone: false, records: [
    { attributes: { type: 'Account' }, Name: 'SampleAccount1' },
    { attributes: { type: 'Contact' }, Email: 'x@example.com' },
  ] } });
  assert.equal(res.status, 200);
  const body = res.json<Record<string, unknown>[]>();
  assert.equal(body[0]!.success, true);
  assert.deepEqual(body[1], { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] });
});

test('sObject collections allOrNone rolls back valid records with ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
  const before = countOf('Account');
  const res = await s.call('POST', `${v}/composite/sobjects`, { body: { allOrNone: true, records: [
    { attributes: { type: 'Account' }, Name: 'Fine' },
    { attributes: { type: 'Account' } },
  ] } });
  const body = res.json<{ success: boolean; errors: { statusCode: string; message: string }[] }[]>();
  assert.deepEqual(body[0], { success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] });
  assert.equal(body[1]!.errors[0]!.statusCode, 'REQUIRED_FIELD_MISSING');
  assert.equal(countOf('Account'), before);
});

test('sObject collections update, retrieve, upsert and delete', async () => {
  const ids = (await s.call('POST', `${v}/composite/sobjects`, { body: { records: [
    { attributes: { type: 'Account' }, Name: 'C1' }, { attributes: { type: 'Account' }, Name: 'C2' },
  ] } })).json<{ id: string }[]>().map((r) => r.id);
  const upd = await s.call('PATCH', `${v}/composite/sobjects`, { body: { records: ids.map((id, i) => ({ attributes: { type: 'Account' }, id, Name: `U${i}` })) } });
  assert.deepEqual(upd.json(), ids.map((id) => ({ id, success: true, errors: [] })));
  const got = await s.call('GET', `${v}/composite/sobjects/Account?ids=${ids.join(',')},001000000000000AAA&fields=Name`);
  assert.deepEqual(got.json<({ Name: string } | null)[]>().map((r) => r?.Name ?? null), ['U0', 'U1', null]);
  const ups = await s.call('PATCH', `${v}/composite/sobjects/Invoice__c/External_Id__c`, { body: { records: [
    { attributes: { type: 'Invoice__c' }, External_Id__c: 'COLL-1', Amount__c: 5 },
  ] } });
  assert.deepEqual(ups.json<{ created: boolean; success: boolean }[]>().map((r) => [r.success, r.created]), [[true, true]]);
  const del = await s.call('DELETE', `${v}/composite/sobjects?ids=${ids.join(',')}&allOrNone=false`);
  assert.deepEqual(del.json(), ids.map((id) => ({ id, success: true, errors: [] })));
  const nullRecord = await s.call('POST', `${v}/composite/sobjects`, { body: { records: [null] } });
  assert.equal(nullRecord.status, 400);
  assert.equal(nullRecord.json<{ errorCode: string }>().errorCode, 'INVALID_FIELD');
  const tooMany = await s.call('POST', `${v}/composite/sobjects`, { body: { records: Array.from({ length: 201 }, () => ({ attributes: { type: 'Account' }, Name: 'x' })) } });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.json<{ errorCode: string }[]>()[0]!.errorCode, 'EXCEEDED_ID_LIMIT');
});
