// Profiling aid (not a benchmark): the proxy benchmark's GET (a ~2 KB Salesforce query answer) through
// terapi's `/proxy` and through the bare Node proxy (bench/bare-proxy.ts), both served by this process's
// main thread, which the inspector profiles; the load generator runs in a worker thread and the simulator
// in its own process (bench/proxy.bench.ts --sim), so neither is in the profile nor in the main thread's
// CPU. Prints, for each, CPU per request of the main thread (/proc) and of the profile's busy samples, and
// the top frames by self time; then the ratio terapi / bare. Before the profiled runs, ROUNDS (default 3)
// unprofiled rounds alternate the two and print CPU per request and its ratio; their median is the figure
// to quote (the profiler's own cost differs between the two). The rounds also run the bare proxy's handler
// behind one Fastify route, which splits the framework's own cost from terapi's.
// terapi runs from its build (../built-server.ts: what `npm start` runs, no tsx `__name` wrappers); run it through
// `npm run bench`'s build or after `npx tsc -b`.
// AB_ROOT=DIR (another checkout, e.g. `git worktree add --detach /tmp/before HEAD~1` with node_modules linked
// in, then built: `npx tsc -b` in it) also starts that checkout's terapi, on its own database, in this same process, and each round measures
// the two builds back to back (their order alternating) beside the bare proxy: this machine's CPU time per
// request drifts by a third between minutes, so only builds measured side by side can be compared. The
// rounds then print the ratio of this checkout to AB_ROOT's and its median, and no profile is taken.
// [ROUNDS=3] [PROFILE_ALLOC=1] node --import tsx --conditions=source bench/profiling/profile-proxy.ts [requests] [concurrency] [out.cpuprofile]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { upstreamMapFor } from '@terapi/salesforce-sim';
import { loadConfig, startTerapi } from '../built-server.js';
import { freePort } from '../../packages/server/src/network/free-port.js';
import { connectSalesforce } from '../../packages/server/src/providers/salesforce/testing/connect-salesforce.js';
import { benchPostgres } from '../bench-postgres.js';
import { bareProxy } from '../bare-proxy.js';
import { summarize } from './profile-summary.js';

const N = Number(process.argv[2] ?? 5000);
const C = Number(process.argv[3] ?? 32);
const OUT = process.argv[4];
/** PROFILE_ALLOC=1: sample allocations (bytes per request by allocating function) instead of CPU. */
const ALLOC = process.env.PROFILE_ALLOC === '1';

interface HeapNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: HeapNode[] }
function allocationSummary(heap: { head: HeapNode }, n: number, top = 30): string {
  const by = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode) => {
    const f = node.callFrame;
    const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    by.set(k, (by.get(k) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const c of node.children) walk(c);
  };
  walk(heap.head);
  const lines = [`   allocated ${(total / n).toFixed(0)} B per request (sampled); top allocating functions:`];
  for (const [k, b] of [...by].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`   ${(b / n).toFixed(0).padStart(7)} B  ${((b / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
  return lines.join('\n');
}
const SOQL = 'SELECT Id, Name, Industry, Phone, Website, BillingCity, BillingCountry, AnnualRevenue, NumberOfEmployees, CreatedDate, LastModifiedDate FROM Account ORDER BY Name LIMIT 5';
const PATH = `/proxy/services/data/v60.0/query?q=${encodeURIComponent(SOQL)}`;

const loadScript = `
const { workerData, parentPort } = require('node:worker_threads');
const { Pool } = require(workerData.undici);
const pool = new Pool(workerData.origin, { connections: workerData.c, pipelining: 1 });
(async () => {
  let left = workerData.n, errors = 0, first = '';
  const t0 = performance.now();
  await Promise.all(Array.from({ length: workerData.c }, async () => {
    while (left-- > 0) {
      const res = await pool.request({ method: 'GET', path: workerData.path, headers: workerData.headers });
      const body = await res.body.arrayBuffer();
      if (res.statusCode !== 200 && errors++ === 0) first = res.statusCode + ' ' + Buffer.from(body).toString().slice(0, 200);
    }
  }));
  parentPort.postMessage({ ms: performance.now() - t0, errors, first });
  await pool.close();
})();`;

// Resolved once here: import.meta.resolve blocks the main thread on the module loader (it showed as 9 % of a profile).
const UNDICI = import.meta.resolve('undici').replace('file://', '');

function load(origin: string, headers: Record<string, string>, n: number, c: number): Promise<{ ms: number; errors: number; first: string }> {
  const w = new Worker(loadScript, { eval: true, workerData: { origin, path: PATH, headers, n, c, undici: UNDICI } });
  return new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
}

const db = await benchPostgres();
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const simPort = await freePort();
const otherPort = process.env.AB_ROOT ? await freePort() : undefined;
const otherUrl = `http://127.0.0.1:${otherPort}`;
const simProc = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', new URL('../proxy.bench.ts', import.meta.url).pathname, '--sim', String(simPort), `${url}/oauth/callback`, ...(otherPort ? [`${otherUrl}/oauth/callback`] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
const summary = await new Promise<{ origin: string }>((resolve, reject) => {
  createInterface({ input: simProc.stdout! }).on('line', (line) => {
    if (line.startsWith('BENCH_READY ')) resolve(JSON.parse(line.slice('BENCH_READY '.length)) as { origin: string });
  });
  simProc.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
});
const config = loadConfig({ TERAPI_PORT: String(port), TERAPI_SERVER_URL: url, DATABASE_URL: db.url, TERAPI_ENCRYPTION_KEY: randomBytes(32).toString('base64'), TERAPI_UPSTREAM_MAP: upstreamMapFor(summary.origin) });
const terapi = await startTerapi(config, { logger: pino({ level: 'error' }), host: '127.0.0.1' });
/** A terapi's API as connectSalesforce calls it: its own secret key unless the call names another. */
const apiOf = (origin: string, secretKey: string) => (path: string, init: RequestInit & { json?: unknown } = {}) => {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${secretKey}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${origin}${path}`, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
};
const api = apiOf(url, terapi.devSecretKey);
// connectSalesforce only reads the simulator's summary; the simulator itself runs in another process.
const { connectionId, providerConfigKey } = await connectSalesforce({ url, api, services: terapi.services } as never, { summary: () => summary } as never);
/** AB_ROOT's terapi, set up as this one (its own database on the same PostgreSQL, same simulator). */
async function startOther(root: string): Promise<{ url: string; headers: Record<string, string>; stop(): Promise<void> }> {
  const server = `${root.replace(/\/$/, '')}/packages/server`;
  // Its build, as this checkout's (built-server.ts): build it first (`npx tsc -b` in it).
  const { loadConfig: otherConfig } = (await import(`${server}/dist/config/config.js`)) as typeof import('../built-server.js');
  const { startTerapi: otherStart } = (await import(`${server}/dist/server/start-terapi.js`)) as typeof import('../built-server.js');
  const { connectSalesforce: otherConnect } = (await import(`${server}/src/providers/salesforce/testing/connect-salesforce.js`)) as typeof import('../../packages/server/src/providers/salesforce/testing/connect-salesforce.js');
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query('create database terapi_ab');
  await admin.end();
  const dbUrl = new URL(db.url);
  dbUrl.pathname = '/terapi_ab';
  const other = await otherStart(otherConfig({ TERAPI_PORT: String(otherPort), TERAPI_SERVER_URL: otherUrl, DATABASE_URL: dbUrl.toString(), TERAPI_ENCRYPTION_KEY: randomBytes(32).toString('base64'), TERAPI_UPSTREAM_MAP: upstreamMapFor(summary.origin) }), { logger: pino({ level: 'error' }), host: '127.0.0.1' });
  const ids = await otherConnect({ url: otherUrl, api: apiOf(otherUrl, other.devSecretKey), services: other.services } as never, { summary: () => summary } as never);
  return { url: otherUrl, headers: { authorization: `Bearer ${other.devSecretKey}`, 'connection-id': ids.connectionId, 'provider-config-key': ids.providerConfigKey }, stop: () => other.stop() };
}
const other = process.env.AB_ROOT ? await startOther(process.env.AB_ROOT) : undefined;
const c = (await (await api(`/connections/${connectionId}?provider_config_key=${providerConfigKey}`)).json()) as { credentials: { access_token: string }; connection_config: { instance_url: string } };
const bare = bareProxy(summary.origin, new URL(c.connection_config.instance_url).host, c.credentials.access_token);
await new Promise<void>((resolve) => bare.server.listen(0, '127.0.0.1', resolve));
const bareOrigin = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
// The same handler behind one Fastify route (no plugin, no hook; reply.hijack() as terapi's /proxy does): what
// the framework alone costs, to tell it from terapi's own work (the rounds only).
const bareFastify = Fastify();
bareFastify.removeAllContentTypeParsers();
bareFastify.addContentTypeParser('*', (_req, _payload, done) => done(null));
bareFastify.all('/proxy/*', (req, reply) => {
  reply.hijack();
  bare.handler(req.raw, reply.raw);
});
const bareFastifyOrigin = await bareFastify.listen({ port: 0, host: '127.0.0.1' });

/** The main thread's CPU seconds in user space and in the kernel (USER_HZ ticks). */
const mainThreadCpuSplit = () => {
  const f = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(f[11]) / 100, system: Number(f[12]) / 100 };
};
const mainThreadCpu = () => {
  const { user, system } = mainThreadCpuSplit();
  return user + system;
};
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });

async function run(name: string, origin: string, headers: Record<string, string>, out?: string): Promise<{ procUs: number; profileUs: number }> {
  await load(origin, headers, 1000, C); // warm-up (connections, JIT)
  if (ALLOC) await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  else await session.post('Profiler.start');
  const main0 = mainThreadCpu();
  const r = await load(origin, headers, N, C);
  const mainCpu = mainThreadCpu() - main0;
  if (ALLOC) {
    const { profile: heap } = await session.post('HeapProfiler.stopSampling');
    if (out) writeFileSync(out.replace('.cpuprofile', '.heapprofile'), JSON.stringify(heap));
    console.log(`\n== ${name}: ${N} requests, ${r.errors} errors; CPU per request ${((mainCpu * 1e6) / N).toFixed(0)} µs (with the heap sampler on)`);
    console.log(allocationSummary(heap, N));
    return { procUs: (mainCpu * 1e6) / N, profileUs: NaN };
  }
  const { profile } = await session.post('Profiler.stop');
  if (out) writeFileSync(out, JSON.stringify(profile));
  const s = summarize(profile);
  const procUs = (mainCpu * 1e6) / N;
  console.log(`\n== ${name}: ${N} requests at c=${C}, ${r.errors} errors${r.errors ? ` (first: ${r.first})` : ''}, ${(N / (r.ms / 1000)).toFixed(0)} req/s wall (noisy)`);
  console.log(`   CPU per request, main thread: ${procUs.toFixed(0)} µs (/proc); profile samples ${(s.busyUs / N).toFixed(0)} µs`);
  console.log(s.text);
  return { procUs, profileUs: s.busyUs / N };
}

/** CPU per request without the profiler, the two proxies alternating so that both see the same load. */
async function cpuRounds(rounds: number): Promise<void> {
  const idle0 = mainThreadCpu();
  await new Promise((r) => setTimeout(r, 2000));
  const idleMsPerS = ((mainThreadCpu() - idle0) * 1000) / 2;
  const ratios: number[] = [];
  const fastifyRatios: number[] = [];
  const abRatios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const per = async (origin: string, headers: Record<string, string>) => {
      const c0 = mainThreadCpuSplit();
      const r = await load(origin, headers, N, C);
      const c1 = mainThreadCpuSplit();
      const userUs = ((c1.user - c0.user) * 1e6) / N;
      const systemUs = ((c1.system - c0.system) * 1e6) / N;
      return { us: userUs + systemUs, userUs, systemUs, rps: N / (r.ms / 1000), errors: r.errors };
    };
    // With AB_ROOT, the two builds run back to back, first one then the other.
    const o1 = other && i % 2 === 1 ? await per(other.url, other.headers) : undefined;
    const t = await per(url, proxyHeaders);
    const o = o1 ?? (other ? await per(other.url, other.headers) : undefined);
    if (o) {
      abRatios.push(t.us / o.us);
      console.log(`round ${i + 1}: this checkout ${t.us.toFixed(0)} µs, AB_ROOT ${o.us.toFixed(0)} µs a request (${(t.us / o.us).toFixed(3)}×)`);
    }
    const b = await per(bareOrigin, {});
    const f = await per(bareFastifyOrigin, {});
    ratios.push(t.us / b.us);
    fastifyRatios.push(f.us / b.us);
    console.log(`round ${i + 1}: CPU per request (main thread, /proc, no profiler) terapi ${t.us.toFixed(0)} µs (user ${t.userUs.toFixed(0)}, kernel ${t.systemUs.toFixed(0)}), bare ${b.us.toFixed(0)} µs (user ${b.userUs.toFixed(0)}, kernel ${b.systemUs.toFixed(0)}), ratio ${(t.us / b.us).toFixed(2)}×; ${t.rps.toFixed(0)} vs ${b.rps.toFixed(0)} req/s (noisy)${t.errors + b.errors ? `; errors ${t.errors}/${b.errors}` : ''}; bare behind a Fastify route ${f.us.toFixed(0)} µs (${(f.us / b.us).toFixed(2)}×)`);
  }
  ratios.sort((a, b) => a - b);
  fastifyRatios.sort((a, b) => a - b);
  abRatios.sort((a, b) => a - b);
  if (abRatios.length) console.log(`median over ${rounds} rounds, this checkout / AB_ROOT: ${abRatios[Math.floor(rounds / 2)]!.toFixed(3)}× (from ${abRatios[0]!.toFixed(3)} to ${abRatios[rounds - 1]!.toFixed(3)})`);
  console.log(`median ratio over ${rounds} rounds: ${ratios[Math.floor(rounds / 2)]!.toFixed(2)}× (the bare handler behind a Fastify route: ${fastifyRatios[Math.floor(rounds / 2)]!.toFixed(2)}×); terapi's main thread idle: ${idleMsPerS.toFixed(1)} ms CPU per second (background work, included above); load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
}

const proxyHeaders = { authorization: `Bearer ${terapi.devSecretKey}`, 'connection-id': connectionId, 'provider-config-key': providerConfigKey };
await load(url, proxyHeaders, 1000, C); // warm-up (connections, JIT)
await load(bareOrigin, {}, 1000, C);
await load(bareFastifyOrigin, {}, 1000, C);
if (other) await load(other.url, other.headers, 1000, C);
await cpuRounds(Number(process.env.ROUNDS ?? 3));
// With AB_ROOT the comparison is the point: no profiled runs.
if (!other) {
  const t = await run('terapi /proxy', url, proxyHeaders, OUT);
  const b = await run('bare proxy', bareOrigin, {}, OUT?.replace('.cpuprofile', '.bare.cpuprofile'));
  console.log(`\nprofiled runs, terapi / bare, CPU per request: ${(t.procUs / b.procUs).toFixed(2)}× (/proc), ${(t.profileUs / b.profileUs).toFixed(2)}× (profile samples); load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
}
await bareFastify.close();
await bare.close();
await terapi.stop();
await other?.stop();
simProc.kill('SIGTERM');
await new Promise((r) => simProc.once('exit', r));
await db.stop();
