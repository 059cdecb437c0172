#!/usr/bin/env node
// npm run bench -- NAME: runs bench/NAME.bench.ts, which prints its figures as ratios against the limit it
// measures in the same run. With no NAME, lists the benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const names = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- NAME\nbenchmarks: ${names.join(', ') || '(none)'}`);
  process.exit(name ? 2 : 0);
}
const file = join(root, 'bench', `${name}.bench.ts`);
if (!existsSync(file)) process.exit(2);
// The per-request benchmarks start the server's build (bench/built-server.ts) and syncs run the sandbox's
// compiled entry: build what changed first (under a second when nothing did).
const built = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) {
  console.error('tsc -b failed: fix the type errors above first');
  process.exit(1);
}
const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', '--expose-gc', file, ...process.argv.slice(3)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
