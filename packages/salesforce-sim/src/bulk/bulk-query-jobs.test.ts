import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { openRestSession, productionOrg, type RestTestSession } from '../rest/rest-test-session.js';

let running: RunningSalesforceSim;
let s: RestTestSession;
const jobsUrl = '/services/data/v60.0/jobs/query';

interface JobInfo { id: string; state: string; [k: string]: unknown }

before(async () => {
  running = await startSalesforceSim();
  s = await openRestSession(running, productionOrg(running));
  s.org.data.seed(25, 3);
});
after(() => running.close());

async function createJob(body: Record<string, unknown>): Promise<JobInfo> {
  const res = await s.call('POST', jobsUrl, { body });
  assert.equal(res.status, 200, res.text);
  return res.json<JobInfo>();
}

/** Polls like jsforce does until the job leaves its non-terminal states. */
async function untilDone(id: string): Promise<JobInfo> {
  for (let polls = 0; polls < 2000; polls++) {
    const info = (await s.call('GET', `${jobsUrl}/${id}`)).json<JobInfo>();
    if (!['UploadComplete', 'InProgress'].includes(info.state)) return info;
    await sleep(5);
  }
  throw new Error(`job ${id} never finished`);
}

test('a new query job is UploadComplete with the documented job info, apiVersion written as 60.0', async () => {
  const res = await s.call('POST', jobsUrl, { body: { operation: 'query', query: 'SELECT Id, Name FROM Account' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
  assert.match(res.text, /"apiVersion":60\.0,/);
  const job = res.json<JobInfo>();
  assert.match(job.id, /^750[A-Za-z0-9]{15}$/);
  assert.deepEqual({ ...job, id: 'X', createdDate: 'D', systemModstamp: 'D' }, {
    id: 'X', operation: 'query', object: 'Account', createdById: s.org.users[0]!.id, createdDate: 'D', systemModstamp: 'D',
    state: 'UploadComplete', concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: 60, lineEnding: 'LF', columnDelimiter: 'COMMA',
  });
  await untilDone(job.id);
});

test('the job moves through InProgress to JobComplete and reports numberRecordsProcessed', async () => {
  const job = await createJob({ operation: 'query', query: 'SELECT Id FROM Contact' });
  let info = job;
  for (let polls = 0; info.state !== 'JobComplete'; polls++) {
    assert.ok(polls < 2000, 'job never completed');
    assert.ok(['UploadComplete', 'InProgress'].includes(info.state));
    await sleep(2);
    info = (await s.call('GET', `${jobsUrl}/${job.id}`)).json<JobInfo>();
  }
  assert.equal(info.numberRecordsProcessed, 25);
  assert.equal(info.jobType, 'V2Query');
  assert.equal(info.retries, 0);
});

test('results come in CSV chunks linked by Sforce-Locator, the last one "null"', async () => {
  const job = await createJob({ operation: 'query', query: 'SELECT Id, Name, Account.Name FROM Contact ORDER BY Id' });
  await untilDone(job.id);
  const rows: string[] = [];
  let locator = '';
  const sizes: number[] = [];
  for (;;) {
    const res = await s.call('GET', `${jobsUrl}/${job.id}/results?maxRecords=10${locator ? `&locator=${locator}` : ''}`, { headers: { accept: 'text/csv' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/csv');
    const lines = res.text.split('\n').filter((l) => l !== '');
    assert.equal(lines[0], '"Id","Name","Account.Name"');
    rows.push(...lines.slice(1));
    sizes.push(Number(res.headers['sforce-numberofrecords']));
    locator = String(res.headers['sforce-locator']);
    if (locator === 'null') break;
  }
  assert.deepEqual(sizes, [10, 10, 5]);
  const ids = s.org.data.table('Contact')!.ids.slice().sort();
  assert.deepEqual(rows.map((r) => (JSON.parse(`[${r}]`) as string[])[0]), ids);
});

test('a locator can be fetched again and gives the same chunk', async () => {
  const job = await createJob({ operation: 'query', query: 'SELECT Id FROM Lead' });
  await untilDone(job.id);
  const first = await s.call('GET', `${jobsUrl}/${job.id}/results?maxRecords=7`);
  const loc = String(first.headers['sforce-locator']);
  const a = await s.call('GET', `${jobsUrl}/${job.id}/results?maxRecords=7&locator=${loc}`);
  const b = await s.call('GET', `${jobsUrl}/${job.id}/results?maxRecords=7&locator=${loc}`);
  assert.equal(a.text, b.text);
  assert.equal(a.headers['sforce-locator'], b.headers['sforce-locator']);
});

test('CSV quotes every value, doubles quotes, leaves nulls as "" and honours delimiter and line ending', async () => {
  await s.call('POST', '/services/data/v60.0/sobjects/Account', { body: { Name: 'The "gold", standard', Ext_Id__c: 'CSV-1' } });
  const job = await createJob({ operation: 'query', query: "SELECT Name, Industry FROM Account WHERE Ext_Id__c = 'CSV-1'", columnDelimiter: 'PIPE', lineEnding: 'CRLF' });
  await untilDone(job.id);
  const res = await s.call('GET', `${jobsUrl}/${job.id}/results`);
  assert.equal(res.text, '"Name"|"Industry"\r\n"The ""gold"", standard"|""\r\n');
  assert.equal(res.headers['sforce-locator'], 'null');
  assert.equal(res.headers['sforce-numberofrecords'], '1');
});

test('queryAll jobs include deleted records', async () => {
  const id = (await s.call('POST', '/services/data/v60.0/sobjects/Account', { body: { Name: 'Deleted for bulk', Ext_Id__c: 'DEL-1' } })).json<{ id: string }>().id;
  await s.call('DELETE', `/services/data/v60.0/sobjects/Account/${id}`);
  const soql = "SELECT Id, IsDeleted FROM Account WHERE Ext_Id__c = 'DEL-1'";
  const q = await createJob({ operation: 'query', query: soql });
  const all = await createJob({ operation: 'queryAll', query: soql });
  assert.equal((await untilDone(q.id)).numberRecordsProcessed, 0);
  assert.equal((await untilDone(all.id)).numberRecordsProcessed, 1);
  assert.equal((await s.call('GET', `${jobsUrl}/${all.id}/results`)).text, `"Id","IsDeleted"\n"${id}","true"\n`);
});

test('results before completion are 412 JOB_NOT_COMPLETE; abort and delete work', async () => {
  s.org.data.bulkQueryStepMs = 3_600_000;
  try {
    const job = await createJob({ operation: 'query', query: 'SELECT Id FROM Account' });
    const early = await s.call('GET', `${jobsUrl}/${job.id}/results`);
    assert.equal(early.status, 412);
    assert.deepEqual(early.json(), [{ message: 'can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: UPLOAD_COMPLETE', errorCode: 'JOB_NOT_COMPLETE' }]);
    const aborted = await s.call('PATCH', `${jobsUrl}/${job.id}`, { body: { state: 'Aborted' } });
    assert.equal(aborted.status, 200);
    assert.equal(aborted.json<JobInfo>().state, 'Aborted');
    assert.equal((await s.call('PATCH', `${jobsUrl}/${job.id}`, { body: { state: 'Aborted' } })).status, 400);
    assert.equal((await s.call('GET', `${jobsUrl}/${job.id}/results`)).json<{ message: string }[]>()[0]!.message.endsWith('Current status: ABORTED'), true);
    const listed = (await s.call('GET', jobsUrl)).json<{ done: boolean; records: JobInfo[] }>();
    assert.equal(listed.done, true);
    assert.ok(listed.records.some((r) => r.id === job.id && r.state === 'Aborted'));
    assert.equal((await s.call('DELETE', `${jobsUrl}/${job.id}`)).status, 204);
    assert.equal((await s.call('GET', `${jobsUrl}/${job.id}`)).status, 404);
  } finally {
    s.org.data.bulkQueryStepMs = 15;
  }
});

test('results fetched with another API version are 409', async () => {
  const job = await createJob({ operation: 'query', query: 'SELECT Id FROM Account LIMIT 1' });
  await untilDone(job.id);
  assert.equal((await s.call('GET', `/services/data/v59.0/jobs/query/${job.id}/results`)).status, 409);
});

test('create rejects bad operations, bad SOQL, COUNT(), OFFSET and subqueries with 400', async () => {
  const code = async (body: Record<string, unknown>) => {
    const res = await s.call('POST', jobsUrl, { body });
    assert.equal(res.status, 400);
    return res.json<{ errorCode: string }[]>()[0]!.errorCode;
  };
  assert.equal(await code({ operation: 'insert', query: 'SELECT Id FROM Account' }), 'INVALIDJOB');
  assert.equal(await code({ operation: 'query', query: 42 }), 'API_ERROR');
  assert.equal(await code({ operation: 'query', query: 'SELECT Nope FROM Account' }), 'INVALID_FIELD');
  assert.equal(await code({ operation: 'query', query: 'SELECT Id FROM Nope' }), 'INVALID_TYPE');
  assert.equal(await code({ operation: 'query', query: 'SELECT COUNT() FROM Account' }), 'API_ERROR');
  assert.equal(await code({ operation: 'query', query: 'SELECT Id FROM Account OFFSET 5' }), 'API_ERROR');
  assert.equal(await code({ operation: 'query', query: 'SELECT Id, (SELECT Id FROM Contacts) FROM Account' }), 'API_ERROR');
  assert.equal(await code({ operation: 'query', query: 'SELECT Id FROM Account', columnDelimiter: 'SPACE' }), 'INVALIDJOB');
});

test('Bulk calls need a session of the org and are named in the request log', async () => {
  await running.control.resetRequestLog();
  const res = await s.call('GET', jobsUrl, { host: [...running.sim.orgs.values()].find((o) => o.sandbox)!.myDomain });
  assert.equal(res.status, 401);
  await s.call('GET', jobsUrl);
  const log = await running.control.requestLog();
  assert.deepEqual(log.requests.map((r) => [r.endpoint, r.status]), [['bulk.query.list', 401], ['bulk.query.list', 200]]);
});
