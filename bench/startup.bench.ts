// npm run bench -- startup: time from `terapi start` to a ready /health, cold (a new data dir: initdb,
// migrations, keys) and warm (the same dir again), median of 5 each; then the idle server's resident
// memory (the node process, and PostgreSQL's processes separately). The limit beside it: a bare
// `node -e ''` start and a bare PostgreSQL start on a ready data dir, measured in the same run.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from '../packages/server/src/network/free-port.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// What `npm start` runs: the bundled CLI (packages/server/scripts/bundle.mjs).
const MAIN = new URL('../packages/server/dist/bundle/main.js', import.meta.url).pathname;
const RUNS = Number(process.argv[2] ?? 5);


const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
// PSS divides shared pages (PostgreSQL's shared buffers) among the processes mapping them: no double count.
const pssKb = (pid: number) => Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
function descendants(pid: number): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const ppid = Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (ppid === pid) out.push(Number(p), ...descendants(Number(p)));
    } catch {
      /* gone */
    }
  }
  return out;
}

async function startOnce(dataDir: string, measureMemory = false): Promise<{ ms: number; nodeMb?: number; pgMb?: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN, 'start', '--port', String(port), '--data-dir', dataDir], { stdio: 'ignore', env: { PATH: process.env.PATH, HOME: process.env.HOME, TERAPI_LOG_LEVEL: 'warn' } });
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.status === 200) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = performance.now() - t0;
  let nodeMb: number | undefined;
  let pgMb: number | undefined;
  if (measureMemory) {
    await new Promise((r) => setTimeout(r, 3000)); // idle
    nodeMb = rssKb(child.pid!) / 1024;
    pgMb = descendants(child.pid!).reduce((sum, p) => sum + pssKb(p), 0) / 1024;
  }
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  return { ms, nodeMb, pgMb };
}

const cold: number[] = [];
const warm: number[] = [];
const dirs: string[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'terapi-bench-'));
  dirs.push(dir);
  cold.push((await startOnce(dir)).ms);
}
for (let i = 0; i < RUNS; i++) warm.push((await startOnce(dirs[0]!)).ms);
const mem = await startOnce(dirs[0]!, true);

const nodeBare: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  execFileSync(process.execPath, ['-e', '']);
  nodeBare.push(performance.now() - t0);
}
for (const d of dirs) rmSync(d, { recursive: true, force: true });

const f = (n: number) => `${Math.round(n)} ms`;
console.log(`terapi start → ready /health (median of ${RUNS})`);
console.log(`  cold (new data dir: initdb + migrations + keys): ${f(median(cold))}   [${cold.map(f).join(', ')}]`);
console.log(`  warm (same data dir):                           ${f(median(warm))}   [${warm.map(f).join(', ')}]`);
console.log(`  limit: a bare node process start:               ${f(median(nodeBare))}  → warm start = ${(median(warm) / median(nodeBare)).toFixed(1)}× a bare node start`);
console.log(`idle resident memory: terapi (node) ${mem.nodeMb!.toFixed(0)} MB, embedded PostgreSQL processes ${mem.pgMb!.toFixed(0)} MB (PSS), total ${(mem.nodeMb! + mem.pgMb!).toFixed(0)} MB`);
console.log(`(reference from the brief: Nango's first boot ~21 s, idle process ~320 MB)`);
