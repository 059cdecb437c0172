import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { openRestSession, productionOrg, type RestTestSession } from './rest-test-session.js';

let running: RunningSalesforceSim;
let s: RestTestSession;
const base = '/services/data/v60.0/sobjects';
const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString().replace('Z', '+00:00'));
const DAY = 86_400_000;

before(async () => {
  running = await startSalesforceSim();
  s = await openRestSession(running, productionOrg(running));
});
after(() => running.close());

test('updated lists ids changed in the window (by SystemModstamp) with latestDateCovered', async () => {
  const start = running.sim.now() - 60_000;
  const id = (await s.call('POST', `${base}/Contact`, { body: { LastName: 'Changed' } })).json<{ id: string }>().id;
  running.sim.advanceClock(120_000);
  const end = running.sim.now() + 3_600_000;
  const res = await s.call('GET', `${base}/Contact/updated/?start=${iso(start)}&end=${iso(end)}`);
  assert.equal(res.status, 200);
  const body = res.json<{ ids: string[]; latestDateCovered: string }>();
  assert.deepEqual(body.ids, [id]);
  const nowMinute = Math.floor(running.sim.now() / 60_000) * 60_000;
  assert.equal(body.latestDateCovered, new Date(nowMinute).toISOString().replace('Z', '+0000'));
});

test('deleted lists deleted ids with deletedDate, earliestDateAvailable and latestDateCovered', async () => {
  const start = running.sim.now() - 60_000;
  const id = (await s.call('POST', `${base}/Case`, { body: { Subject: 'Bye' } })).json<{ id: string }>().id;
  assert.equal((await s.call('DELETE', `${base}/Case/${id}`)).status, 204);
  running.sim.advanceClock(120_000);
  const res = await s.call('GET', `${base}/Case/deleted/?start=${iso(start)}&end=${iso(running.sim.now())}`);
  assert.equal(res.status, 200);
  const body = res.json<{ deletedRecords: { id: string; deletedDate: string }[]; earliestDateAvailable: string; latestDateCovered: string }>();
  assert.deepEqual(body.deletedRecords.map((r) => r.id), [id]);
  assert.match(body.deletedRecords[0]!.deletedDate, /\+0000$/);
  assert.match(body.earliestDateAvailable, /:00\.000\+0000$/);
  // Undeleted records leave the deleted list.
  s.org.data.undelete('Case', id);
  const again = (await s.call('GET', `${base}/Case/deleted/?start=${iso(start)}&end=${iso(running.sim.now())}`)).json<{ deletedRecords: unknown[] }>();
  assert.deepEqual(again.deletedRecords, []);
});

test('start after end, or outside the 15/30-day windows, is INVALID_REPLICATION_DATE', async () => {
  const now = running.sim.now();
  const reversed = await s.call('GET', `${base}/Account/updated/?start=${iso(now)}&end=${iso(now - DAY)}`);
  assert.equal(reversed.status, 400);
  assert.equal(reversed.json<{ errorCode: string }[]>()[0]!.errorCode, 'INVALID_REPLICATION_DATE');
  assert.equal((await s.call('GET', `${base}/Account/updated/?start=${iso(now - 31 * DAY)}&end=${iso(now)}`)).status, 400);
  assert.equal((await s.call('GET', `${base}/Account/updated/?start=${iso(now - 29 * DAY)}&end=${iso(now)}`)).status, 200);
  assert.equal((await s.call('GET', `${base}/Account/deleted/?start=${iso(now - 16 * DAY)}&end=${iso(now)}`)).status, 400);
  assert.equal((await s.call('GET', `${base}/Account/deleted/?start=${iso(now - 14 * DAY)}&end=${iso(now)}`)).status, 200);
  const missing = await s.call('GET', `${base}/Account/deleted/?start=${iso(now - DAY)}`);
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.json(), [{ message: 'Missing required parameter: end', errorCode: 'MISSING_ARGUMENT' }]);
});

test('a purged record leaves queryAll (and cannot be undeleted) but stays in deleted', async () => {
  const start = running.sim.now() - 60_000;
  const id = (await s.call('POST', `${base}/Case`, { body: { Subject: 'Purged' } })).json<{ id: string }>().id;
  s.org.data.purge('Case', id);
  running.sim.advanceClock(120_000);
  const q = encodeURIComponent(`SELECT Id FROM Case WHERE Id = '${id}'`);
  const all = (await s.call('GET', `/services/data/v60.0/queryAll?q=${q}`)).json<{ totalSize: number }>();
  assert.equal(all.totalSize, 0);
  const deleted = (await s.call('GET', `${base}/Case/deleted/?start=${iso(start)}&end=${iso(running.sim.now())}`)).json<{ deletedRecords: { id: string }[] }>();
  assert.ok(deleted.deletedRecords.some((r) => r.id === id));
  assert.throws(() => s.org.data.undelete('Case', id), /recycle bin/);
});
