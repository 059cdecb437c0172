import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, OAuth2 } from 'jsforce';
import type { SimApp, SimOrg } from './salesforce-sim.js';
import { startSalesforceSim, type RunningSalesforceSim } from './start-salesforce-sim.js';

// operations.md "The Salesforce simulator": an ordinary Salesforce client pointed at the bare origin works unchanged.
let running: RunningSalesforceSim;
let org: SimOrg;
let conn: Connection;

before(async () => {
  running = await startSalesforceSim({ seed: 250 });
  org = [...running.sim.orgs.values()][0] as SimOrg;
  const app = org.apps[0] as SimApp;
  const oauth2 = new OAuth2({ loginUrl: running.origin, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: app.callbackUrls[0] ?? '' });
  // The browser leg of the web server flow: follow the authorize URL to its redirect and read the code.
  const authorize = await fetch(oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state: 'jsforce' }), { redirect: 'manual' });
  const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
  conn = new Connection({ oauth2, version: '60.0' });
  await conn.authorize(code);
  // Token responses obtained through the bare origin name it as instance and identity host, so jsforce stays there.
  assert.equal(conn.instanceUrl, running.origin);
});
after(() => running.close());

test('jsforce runs the web server flow and reads its identity', async () => {
  const identity = await conn.identity();
  assert.equal(identity.organization_id, org.id);
  assert.equal(identity.username, 'admin@acme.example');
});

test('jsforce query with autoFetch follows nextRecordsUrl to every record', async () => {
  const records: unknown[] = [];
  const total = await new Promise<number>((resolve, reject) => {
    const query = conn
      .query('SELECT Id, Name FROM Account', { autoFetch: true, maxFetch: 10_000, headers: { 'Sforce-Query-Options': 'batchSize=200' } })
      .on('record', (r: unknown) => records.push(r))
      .on('end', () => resolve(query.totalSize))
      .on('error', reject);
    void query.run();
  });
  assert.equal(total, org.data.table('Account')?.rowById.size);
  assert.equal(total, 250);
  // Two pages of at most 200: the first query and one nextRecordsUrl fetch.
  assert.equal((await running.control.requestLog()).requests.filter((r) => r.endpoint.startsWith('rest.query')).length, 2);
  assert.equal(records.length, total);
});

test('jsforce creates, retrieves, updates and deletes a record', async () => {
  const created = await conn.sobject('Account').create({ Name: 'jsforce Inc' });
  assert.equal(created.success, true);
  const id = created.id ?? '';
  const fetched = await conn.sobject('Account').retrieve(id);
  assert.equal(fetched.Name, 'jsforce Inc');
  const updated = await conn.sobject('Account').update({ Id: id, Name: 'jsforce LLC' });
  assert.equal(updated.success, true);
  assert.equal(org.data.get('Account', id)?.Name, 'jsforce LLC');
  const deleted = await conn.sobject('Account').destroy(id);
  assert.equal(deleted.success, true);
  assert.equal(org.data.get('Account', id), undefined);
});

test('jsforce refreshes an expired session by itself', async () => {
  await running.control.expireTokens({ orgId: org.id });
  let refreshed = '';
  conn.on('refresh', (token: string) => (refreshed = token));
  const result = await conn.query('SELECT Id FROM Contact LIMIT 1');
  assert.equal(result.records.length, 1);
  assert.ok(refreshed.startsWith(org.id.slice(0, 15)));
});

test('jsforce runs a Bulk 2.0 query to the end', async () => {
  conn.bulk2.pollInterval = 20;
  const records = await (await conn.bulk2.query('SELECT Id, Name FROM Contact')).toArray();
  assert.equal(records.length, org.data.table('Contact')?.rowById.size);
  assert.match(String((records[0] as Record<string, unknown>).Id), /^003/);
});
