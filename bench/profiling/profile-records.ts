// Profiling aid (not a benchmark): GET /records pages of 10,000 fetched (and parsed) by a worker thread while
// the main thread (terapi alone) is profiled; then a bare keyset SELECT of the same rows in the main thread.
// Prints CPU per record (main thread, PostgreSQL) and the top frames of each.
// node --import tsx --conditions=source bench/profiling/profile-records.ts [records] [out.cpuprofile]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Worker } from 'node:worker_threads';
import { benchPostgres } from '../bench-postgres.js';
import { startTestTerapi } from '../../packages/server/src/testing/test-terapi.js';
import { summarize } from './profile-summary.js';

const N = Number(process.argv[2] ?? 30_000);
const OUT = process.argv[3];
const PAGE = 10_000;

const pgServer = await benchPostgres();
process.env.TERAPI_TEST_DATABASE_URL = pgServer.adminUrl;
const t = await startTestTerapi({ role: 'api' });
await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf', credentials: { type: 'OAUTH2', client_id: 'a', client_secret: 'b' } } });
await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: 'c1', credentials: { type: 'OAUTH2', access_token: 'x', expires_at: new Date(Date.now() + 864e5).toISOString() } } });
const env = (await t.services.environments.findByName('dev'))!;
const conn = (await t.services.connections.get(env.id, 'sf', 'c1'))!;
const account = (i: number) => ({
  id: `001${String(i).padStart(15, '0')}`,
  Name: `Account ${i}`,
  Industry: 'Technology',
  Type: 'Customer - Direct',
  AnnualRevenue: 1_000_000 + i,
  NumberOfEmployees: i % 5000,
  BillingCity: 'San Francisco',
  BillingCountry: 'USA',
  Phone: '(415) 555-0100',
  Website: `https://example${i}.com`,
  CreatedDate: '2024-01-02T03:04:05.000+0000',
  LastModifiedDate: '2024-06-02T03:04:05.000+0000',
  attributes: { type: 'Account', url: `/services/data/v60.0/sobjects/Account/001${i}` },
});
for (let i = 0; i < N; i += 2000) await t.services.records.save(conn.id, 'Account', Array.from({ length: Math.min(2000, N - i) }, (_, k) => account(i + k)));

const TICK = 100;
const statOf = (path: string) => readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
const cpuOf = (path: string) => { const f = statOf(path); return (Number(f[11]) + Number(f[12])) / TICK; };
const mainThreadCpu = () => cpuOf(`/proc/${process.pid}/task/${process.pid}/stat`);
const backendPid = Number((await t.services.db.query('select pg_backend_pid() as p')).rows[0]!.p);
const postmaster = Number(statOf(`/proc/${backendPid}/stat`)[1]);
const postgresCpu = () => {
  let total = cpuOf(`/proc/${postmaster}/stat`);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try { if (Number(statOf(`/proc/${d}/stat`)[1]) === postmaster) total += cpuOf(`/proc/${d}/stat`); } catch { /* gone */ }
  }
  return total;
};

const pager = `
const { workerData, parentPort } = require('node:worker_threads');
(async () => {
  for (let round = 0; round < workerData.rounds; round++) {
    let cursor = null, n = 0;
    do {
      const res = await fetch(workerData.url + '/records?model=Account&limit=${PAGE}' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''), { headers: workerData.headers });
      const page = await res.json();
      n += page.records.length;
      cursor = page.next_cursor;
    } while (cursor);
    if (n !== workerData.n) throw new Error('paged ' + n);
  }
  parentPort.postMessage('done');
})();`;
const pageAll = (rounds: number) =>
  new Promise((resolve, reject) => {
    const w = new Worker(pager, { eval: true, workerData: { url: t.url, rounds, n: N, headers: { authorization: `Bearer ${t.devSecretKey}`, 'connection-id': 'c1', 'provider-config-key': 'sf' } } });
    w.once('message', resolve);
    w.once('error', reject);
  });
const bareSelect = async () => {
  let after: { u: string; id: number } | undefined;
  for (;;) {
    const { rows } = await t.services.db.query<{ u: string; id: number; data: unknown }>(
      `select updated_at::text as u, id, data from records where connection_id = $1 and model = 'Account'
       ${after ? 'and (updated_at, id) > ($3::timestamptz, $4::bigint)' : ''} order by updated_at, id limit $2`,
      after ? [conn.id, PAGE, after.u, after.id] : [conn.id, PAGE],
    );
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) break;
    after = { u: last.u, id: last.id };
  }
};

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
async function run(name: string, work: () => Promise<unknown>, rounds: number, out?: string) {
  await work();
  const m0 = mainThreadCpu();
  const p0 = postgresCpu();
  const t0 = performance.now();
  await session.post('Profiler.start');
  for (let i = 0; i < rounds; i++) await work();
  const { profile } = await session.post('Profiler.stop');
  const ms = performance.now() - t0;
  const records = N * rounds;
  const mainUs = ((mainThreadCpu() - m0) * 1e6) / records;
  const pgUs = ((postgresCpu() - p0) * 1e6) / records;
  if (out) writeFileSync(out, JSON.stringify(profile));
  const s = summarize(profile, 25);
  console.log(`\n== ${name}: ${records} records, ${Math.round(records / (ms / 1000))} records/s wall (noisy); CPU per record: main thread ${mainUs.toFixed(2)} µs (profile ${(s.busyUs / records).toFixed(2)} µs), PostgreSQL ${pgUs.toFixed(2)} µs`);
  console.log(s.text);
}
// Autovacuum would otherwise run on the fresh rows during the first measurement.
await t.services.db.query('vacuum analyze records');
await run('bare SELECT (pg parses data)', bareSelect, 3, OUT?.replace('.cpuprofile', '.floor.cpuprofile'));
await run("GET /records (server side; the client parses in a worker thread)", () => pageAll(1), 3, OUT);
await t.close();
await pgServer.stop();
