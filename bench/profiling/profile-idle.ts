// Profiling aid: what an idle terapi (role `all`, nothing connected, no requests) does with its main thread.
// Starts terapi on a throwaway PostgreSQL, lets it settle, then for SECONDS (default 20) measures the main
// thread's CPU (/proc) and profiles it with the inspector; prints CPU per second, the top frames by self time,
// and how often each timer callback ran (wake-ups), so each periodic wake-up can be named.
// POLL_MS sets graphile-worker's poll interval (default terapi's), to see what its polling costs.
// [POLL_MS=…] node --import tsx --conditions=source bench/profiling/profile-idle.ts [seconds] [out.cpuprofile]
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { pino } from 'pino';
import { loadConfig, startTerapi } from '../built-server.js';
import { freePort } from '../../packages/server/src/network/free-port.js';
import { benchPostgres } from '../bench-postgres.js';
import { summarize, type Profile } from './profile-summary.js';

const SECONDS = Number(process.argv[2] ?? 20);
const OUT = process.argv[3];

const db = await benchPostgres();
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const config = loadConfig({ TERAPI_PORT: String(port), TERAPI_SERVER_URL: url, DATABASE_URL: db.url, TERAPI_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
const poll = process.env.POLL_MS ? { syncs: { pollIntervalMs: Number(process.env.POLL_MS) } } : {};
const terapi = await startTerapi(config, { logger: pino({ level: 'error' }), host: '127.0.0.1', ...poll });
await new Promise((r) => setTimeout(r, 5000)); // start-up work (migrations, first cron tick) out of the figure

const mainThreadCpu = () => {
  const f = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ
};
const unprofiled0 = mainThreadCpu();
await new Promise((r) => setTimeout(r, SECONDS * 1000));
const unprofiled = ((mainThreadCpu() - unprofiled0) * 1000) / SECONDS;

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
await new Promise((r) => setTimeout(r, SECONDS * 1000));
const { profile } = await session.post('Profiler.stop');
if (OUT) writeFileSync(OUT, JSON.stringify(profile));

console.log(`idle main thread, ${SECONDS} s unprofiled: ${unprofiled.toFixed(1)} ms CPU per second; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
const s = summarize(profile as Profile);
console.log(`profiled: ${(s.busyUs / 1000 / SECONDS).toFixed(1)} ms of samples per second`);
console.log(s.text);
// Wake-ups: samples whose stack holds a timer or an I/O callback, by the first frame of ours or of a package under it.
const p = profile as Profile & { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }> };
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const roots = new Map<string, number>();
for (const id of p.samples ?? []) {
  let cur: number | undefined = id;
  let label = '';
  while (cur !== undefined) {
    const n = byId.get(cur)!;
    const f = n.callFrame;
    if (f.url && !f.url.startsWith('node:') && f.functionName !== '(root)') label = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-3).join('/')}:${f.lineNumber + 1}`;
    cur = parent.get(cur);
  }
  if (label) roots.set(label, (roots.get(label) ?? 0) + 0.1);
}
console.log('\nsampled ms by the outermost non-Node frame (what woke the thread):');
for (const [k, ms] of [...roots].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
await terapi.stop();
await db.stop();
