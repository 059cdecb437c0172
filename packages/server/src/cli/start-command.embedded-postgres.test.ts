// `npm start` as a user runs it: a real process on an embedded PostgreSQL in a temp data dir.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../testing/test-terapi.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
/** What `npm start` and `npx terapi` run: the CLI bundled by scripts/bundle.mjs (the test runner bundles first). */
const BUNDLED_MAIN = fileURLToPath(new URL('../../dist/bundle/main.js', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** `ownGroup`: the child leads a process group of its own, as a command started in a terminal does. */
function startCli(args: string[], env: Record<string, string> = {}, ownGroup = false, bundled = false): Started {
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', TERAPI_LOG_LEVEL: 'warn', ...env };
  const node = bundled ? [BUNDLED_MAIN] : ['--import', 'tsx', '--conditions=source', MAIN];
  const child = spawn(process.execPath, [...node, 'start', ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: ownGroup });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exit };
}

async function waitFor(predicate: () => boolean, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function postmasterPid(dataDir: string): number | undefined {
  const f = join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(f) ? Number(readFileSync(f, 'utf8').split('\n')[0]) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('terapi start on an embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'terapi-start-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('first start, a refused second start, SIGTERM, and a restart that reuses everything', async () => {
    const port = await freePort();
    const first = startCli(['--port', String(port), '--data-dir', dataDir]);
    await waitFor(() => /Secret key \(dev environment\): [0-9a-f-]{36}/.test(first.output()), 'the first start');
    const out = first.output();
    assert.match(out, new RegExp(`API:\\s+http://localhost:${port}`));
    const key = /Secret key \(dev environment\): ([0-9a-f-]{36})/.exec(out)![1]!;
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { result: 'ok' });
    assert.ok(existsSync(join(dataDir, 'encryption-key')), 'the encryption key is generated into the data dir');

    const created = await fetch(`http://127.0.0.1:${port}/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'salesforce', unique_key: 'kept', credentials: { type: 'OAUTH2', client_id: 'id', client_secret: 'secret' } }),
    });
    assert.equal(created.status, 200);

    const second = startCli(['--port', String(await freePort()), '--data-dir', dataDir]);
    assert.equal(await second.exit, 1);
    assert.match(second.output(), /Another terapi \(pid \d+\) is already running on the data dir/);

    const pgPid = postmasterPid(dataDir);
    assert.ok(pgPid && alive(pgPid), 'postgres runs while terapi runs');
    first.child.kill('SIGTERM');
    assert.equal(await first.exit, 0);
    assert.ok(!alive(pgPid), 'no orphaned postgres after SIGTERM');
    assert.ok(!existsSync(join(dataDir, 'terapi.lock')), 'the lock is released');

    const port2 = await freePort();
    const again = startCli(['--port', String(port2), '--data-dir', dataDir]);
    await waitFor(() => /Secret key/.test(again.output()), 'the second start');
    assert.ok(again.output().includes(key), 'the same dev secret key');
    assert.doesNotMatch(again.output(), /first start/);
    const kept = await fetch(`http://127.0.0.1:${port2}/integrations/kept?include=credentials`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(kept.status, 200);
    assert.equal(((await kept.json()) as { data: { credentials: { client_secret: string } } }).data.credentials.client_secret, 'secret');
    again.child.kill('SIGINT');
    assert.equal(await again.exit, 0);
  });

  test('after a SIGKILL the next start stops the orphaned postgres, takes the stale lock and keeps the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terapi-kill-'));
    try {
      const port = await freePort();
      const killed = startCli(['--port', String(port), '--data-dir', dir]);
      await waitFor(() => /Secret key \(dev environment\): [0-9a-f-]{36}/.test(killed.output()), 'start');
      const key = /Secret key \(dev environment\): ([0-9a-f-]{36})/.exec(killed.output())![1]!;
      const created = await fetch(`http://127.0.0.1:${port}/integrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ provider: 'salesforce', unique_key: 'survivor' }),
      });
      assert.equal(created.status, 200);
      const orphan = postmasterPid(dir)!;
      killed.child.kill('SIGKILL');
      await killed.exit;
      assert.ok(alive(orphan), 'SIGKILL leaves the postgres child running');
      assert.ok(existsSync(join(dir, 'terapi.lock')), 'and the lock file behind');

      const port2 = await freePort();
      const next = startCli(['--port', String(port2), '--data-dir', dir]);
      await waitFor(() => /Secret key/.test(next.output()), 'the start after the kill');
      assert.ok(!alive(orphan), 'the orphaned postgres was stopped');
      const kept = await fetch(`http://127.0.0.1:${port2}/integrations/survivor`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(kept.status, 200, 'the committed write survived the kill');
      next.child.kill('SIGTERM');
      assert.equal(await next.exit, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Ctrl-C in a terminal (SIGINT to the whole process group) stops terapi cleanly, and PostgreSQL after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terapi-ctrlc-'));
    try {
      const run = startCli(['--port', String(await freePort()), '--data-dir', dir], {}, true);
      await waitFor(() => /Secret key/.test(run.output()), 'start');
      const pgPid = postmasterPid(dir)!;
      process.kill(-run.child.pid!, 'SIGINT'); // what the terminal sends on Ctrl-C: every process of the foreground group
      assert.equal(await run.exit, 0, run.output());
      assert.match(run.output(), /terapi stopped\n/);
      assert.doesNotMatch(run.output(), /error while stopping/);
      assert.ok(!alive(pgPid), 'postgres stopped with terapi');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a SIGTERM while terapi is still starting lets the start finish, then stops it cleanly, PostgreSQL last', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terapi-early-'));
    try {
      const run = startCli(['--port', String(await freePort()), '--data-dir', dir]);
      // The first line of a first start is logged mid-start, after PostgreSQL came up and before the banner.
      await waitFor(() => /generated an encryption key/.test(run.output()), 'the start to be under way');
      const pgPid = postmasterPid(dir)!;
      run.child.kill('SIGTERM');
      assert.equal(await run.exit, 0, run.output());
      assert.match(run.output(), /SIGTERM received: stopping terapi…\n[^]*terapi stopped\n/);
      assert.doesNotMatch(run.output(), /Secret key/, 'no banner for a terapi that is stopping');
      assert.ok(!alive(pgPid), 'postgres stopped with terapi');
      assert.ok(!existsSync(join(dir, 'terapi.lock')), 'the lock is released');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('TERAPI_SECRET_KEY becomes the dev key at every start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terapi-key-'));
    try {
      const wanted = '3f0e5b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
      const port = await freePort();
      const run = startCli(['--port', String(port), '--data-dir', dir], { TERAPI_SECRET_KEY: wanted });
      await waitFor(() => /Secret key/.test(run.output()), 'start');
      assert.ok(run.output().includes(wanted));
      const res = await fetch(`http://127.0.0.1:${port}/environment`, { headers: { authorization: `Bearer ${wanted}` } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { name: string }).name, 'dev');
      // The printed dashboard URL signs in once: its token is in the fragment, and a second use is refused.
      const token = /Dashboard: {2}http:\/\/localhost:\d+\/dashboard\/sign-in#token=([A-Za-z0-9_-]+) /.exec(run.output())?.[1];
      assert.ok(token, run.output());
      const signIn = () => fetch(`http://127.0.0.1:${port}/dashboard/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      const first = await signIn();
      assert.equal(first.status, 200);
      assert.match(first.headers.get('set-cookie') ?? '', /^terapi_dashboard=[A-Za-z0-9_-]{43}; Path=\/; Expires=.*; HttpOnly; SameSite=Strict$/);
      const second = await signIn();
      assert.equal(second.status, 401);
      assert.equal(((await second.json()) as { error: { code: string } }).error.code, 'dashboard_sign_in_failed');
      run.child.kill('SIGTERM');
      assert.equal(await run.exit, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('in a terminal the log is readable lines around the banner; piped, it is JSON lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terapi-logs-'));
    try {
      // `script` (util-linux) gives the process a pseudo-terminal, as a person's shell does.
      const port = await freePort();
      const command = [process.execPath, '--import', 'tsx', '--conditions=source', MAIN, 'start', '--port', String(port), '--data-dir', dir].map((a) => `'${a}'`).join(' ');
      const tty = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', TERAPI_LOG_LEVEL: 'info' }, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      tty.stdout!.on('data', (d) => (out += d));
      tty.stderr!.on('data', (d) => (out += d));
      const exit = new Promise<number | null>((resolve) => tty.on('exit', (code) => resolve(code)));
      await waitFor(() => /Secret key \(dev environment\): [0-9a-f-]{36}/.test(out), 'the start in a terminal');
      const plain = out.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '');
      assert.match(plain, /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: generated an encryption key for credentials at rest/m);
      assert.match(plain, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: migrations applied \{"applied":\[/m);
      assert.match(plain, new RegExp(`^  Dashboard:  http://localhost:${port}/dashboard/sign-in#token=[A-Za-z0-9_-]{43} \\(signs you in once\\)$`, 'm'));
      assert.doesNotMatch(plain, /"level":/);
      // SIGTERM to terapi itself (its pid is in the lock file): a Ctrl-C on the terminal would reach the
      // embedded postgres of the same process group too.
      process.kill(Number(readFileSync(join(dir, 'terapi.lock'), 'utf8')), 'SIGTERM');
      assert.equal(await exit, 0);
      assert.match(out, /terapi stopped/);

      // A new data dir, so this start has lines of its own to log (the generated key, the migrations).
      const pipedDir = mkdtempSync(join(tmpdir(), 'terapi-logs-piped-'));
      try {
        const piped = startCli(['--port', String(await freePort()), '--data-dir', pipedDir], { TERAPI_LOG_LEVEL: 'info' });
        await waitFor(() => /Secret key/.test(piped.output()) && /migrations applied/.test(piped.output()), 'the piped start and its log');
        const logLines = piped.output().split('\n').filter((l) => l.startsWith('{'));
        assert.ok(logLines.some((l) => l.includes('migrations applied')), piped.output());
        for (const l of logLines) assert.equal(typeof (JSON.parse(l) as { level: number }).level, 'number');
        piped.child.kill('SIGTERM');
        assert.equal(await piped.exit, 0);
      } finally {
        rmSync(pipedDir, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the bundled CLI finds what it reads by path: migrations, the catalog and its logos, the UI builds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terapi-bundled-'));
    try {
      const port = await freePort();
      const run = startCli(['--port', String(port), '--data-dir', dir], {}, false, true);
      await waitFor(() => /Secret key \(dev environment\): [0-9a-f-]{36}/.test(run.output()), 'the bundled start');
      const key = /Secret key \(dev environment\): ([0-9a-f-]{36})/.exec(run.output())![1]!;
      const get = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${key}`, ...headers } });
      assert.equal((await get('/health')).status, 200);
      assert.equal(((await (await get('/providers/salesforce')).json()) as { data: { name: string } }).data.name, 'salesforce');
      const logo = await get('/images/template-logos/salesforce.svg');
      assert.equal(logo.status, 200);
      assert.match(await logo.text(), /<svg/);
      for (const page of ['/dashboard/sign-in', '/connect/']) {
        const res = await get(page, { accept: 'text/html' });
        assert.equal(res.status, 200, page);
        assert.match(await res.text(), /<!doctype html>/i, page);
      }
      run.child.kill('SIGTERM');
      assert.equal(await run.exit, 0, run.output());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad configuration stops the start with every problem listed', async () => {
    const run = startCli([], { TERAPI_PORT: 'abc', TERAPI_ROLE: 'boss' });
    assert.equal(await run.exit, 2);
    assert.match(run.output(), /TERAPI_PORT/);
    assert.match(run.output(), /TERAPI_ROLE/);
  });
});
