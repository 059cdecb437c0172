// Profiling aid (not a benchmark): GET /connections/:id at concurrency C from a worker thread, with the
// main thread (terapi alone) profiled by the inspector; prints server CPU per request, PostgreSQL
// transactions per request and the top frames by self time. Then the same for the bare floor.
// node --import tsx --conditions=source bench/profiling/profile-connections.ts [requests] [concurrency] [out.cpuprofile]
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import Fastify from 'fastify';
import pg from 'pg';
import { startSalesforceSim } from '@terapi/salesforce-sim';
import { SecretBox } from '../../packages/server/src/crypto/secret-box.js';
import { loadConfig, startTerapi } from '../built-server.js';
import { freePort } from '../../packages/server/src/network/free-port.js';
import { benchPostgres } from '../bench-postgres.js';
import { connectSalesforce } from '../../packages/server/src/providers/salesforce/testing/connect-salesforce.js';
import { summarize } from './profile-summary.js';

const N = Number(process.argv[2] ?? 5000);
const C = Number(process.argv[3] ?? 32);
const OUT = process.argv[4];

const loadScript = `
const { workerData, parentPort } = require('node:worker_threads');
const { Agent, request } = require(workerData.undici);
const agent = new Agent({ connections: 64 });
(async () => {
  let left = workerData.n, errors = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: workerData.c }, async () => {
    while (left-- > 0) {
      const res = await request(workerData.url, { headers: workerData.headers, dispatcher: agent });
      await res.body.dump();
      if (res.statusCode !== 200) errors++;
    }
  }));
  parentPort.postMessage({ ms: performance.now() - t0, errors });
  await agent.close();
})();`;

function load(url: string, headers: Record<string, string>, n: number, c: number): Promise<{ ms: number; errors: number }> {
  const w = new Worker(loadScript, { eval: true, workerData: { url, headers, n, c, undici: import.meta.resolve('undici').replace('file://', '') } });
  return new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
}

const db = await benchPostgres();
const sim = await startSalesforceSim();
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const key = randomBytes(32);
const config = loadConfig({ TERAPI_PORT: String(port), TERAPI_SERVER_URL: url, DATABASE_URL: db.url, TERAPI_ENCRYPTION_KEY: key.toString('base64'), TERAPI_UPSTREAM_MAP: sim.upstreamMap });
const terapi = await startTerapi(config, { logger: pino({ level: 'silent' }), host: '127.0.0.1' });
const orgApp = sim.summary().orgs.find((o) => !o.sandbox)!.apps[0]!;
sim.sim.updateApp(orgApp.clientId, { callbackUrls: [`${url}/oauth/callback`] });
const api = (path: string, init: RequestInit & { json?: unknown } = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${terapi.devSecretKey}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${url}${path}`, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
};
const { connectionId } = await connectSalesforce({ url, api, services: terapi.services } as never, sim);
const first = (await (await api(`/connections/${connectionId}?provider_config_key=salesforce`)).json()) as { id: number };

const floorPool = new pg.Pool({ connectionString: db.url, max: 20 });
const floorBox = new SecretBox(key);
const floor = Fastify();
floor.get<{ Params: { id: string } }>('/connections/:id', async (req) => {
  const { rows } = await floorPool.query<{ credentials_enc: string }>('select * from connections where id = $1', [Number(req.params.id)]);
  return { ...rows[0], credentials_enc: undefined, credentials: floorBox.decryptJson(rows[0]!.credentials_enc) };
});
const floorUrl = await floor.listen({ port: 0, host: '127.0.0.1' });

const xacts = async () => Number((await floorPool.query(`select sum(xact_commit + xact_rollback)::bigint as n from pg_stat_database`)).rows[0].n);
// CPU seconds (user + system) from /proc: this process's main thread (terapi, without the load thread),
// and every process of the embedded PostgreSQL (the postmaster's children).
const TICK = 100; // USER_HZ
const statOf = (path: string) => readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
const cpuOf = (path: string) => { const f = statOf(path); return (Number(f[11]) + Number(f[12])) / TICK; };
const mainThreadCpu = () => cpuOf(`/proc/${process.pid}/task/${process.pid}/stat`);
const backendPid = Number((await floorPool.query('select pg_backend_pid() as p')).rows[0].p);
const postmaster = Number(statOf(`/proc/${backendPid}/stat`)[1]);
const postgresCpu = () => {
  let t = cpuOf(`/proc/${postmaster}/stat`);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (Number(statOf(`/proc/${d}/stat`)[1]) === postmaster) t += cpuOf(`/proc/${d}/stat`);
    } catch { /* gone */ }
  }
  return t;
};
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });

async function run(name: string, target: string, headers: Record<string, string>, out?: string) {
  await load(target, headers, 500, C); // warm-up
  const x0 = await xacts();
  await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpu();
  const pg0 = postgresCpu();
  const r = await load(target, headers, N, C);
  const cpu = process.cpuUsage(cpu0);
  const mainCpu = mainThreadCpu() - main0;
  const pgCpu = postgresCpu() - pg0;
  const { profile } = await session.post('Profiler.stop');
  const x1 = await xacts();
  if (out) writeFileSync(out, JSON.stringify(profile));
  const s = summarize(profile);
  console.log(`\n== ${name}: ${N} requests at c=${C}, ${r.errors} errors, ${(N / (r.ms / 1000)).toFixed(0)} req/s wall (noisy)`);
  console.log(`   CPU per request: server main thread ${((mainCpu * 1e6) / N).toFixed(0)} µs (/proc; profile samples ${(s.busyUs / N).toFixed(0)} µs), PostgreSQL ${((pgCpu * 1e6) / N).toFixed(0)} µs, whole bench process incl. load thread ${((cpu.user + cpu.system) / N).toFixed(0)} µs; PostgreSQL transactions/request ${((x1 - x0 - 2) / N).toFixed(2)}`);
  console.log(s.text);
}

const auth = { authorization: `Bearer ${terapi.devSecretKey}` };
await run('terapi GET /connections/:id', `${url}/connections/${connectionId}?provider_config_key=salesforce`, auth, OUT);
await run('floor', `${floorUrl}/connections/${first.id}`, {}, OUT?.replace('.cpuprofile', '.floor.cpuprofile'));
await floor.close();
await floorPool.end();
await terapi.stop();
await sim.close();
await db.stop();
