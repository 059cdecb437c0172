// `npx terapi sim salesforce --json` as spec/operations.md promises: the documented JSON object first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../testing/test-terapi.js';
import { waitUntil } from '../testing/wait-until.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

test('terapi sim salesforce --json prints origin, upstreamMap and orgs first, serves them, and stops on SIGTERM', { timeout: 120_000 }, async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', MAIN, 'sim', 'salesforce', '--port', String(port), '--seed', '3', '--callback-url', 'http://localhost:4000/oauth/callback', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await waitUntil('the simulator\'s first line', () => out.includes('\n'));
  const first = JSON.parse(out.split('\n')[0]!) as { origin: string; upstreamMap: string; orgs: { id: string; myDomain: string; sandbox: boolean; users: unknown[]; apps: { clientId: string; callbackUrls: string[] }[] }[] };
  assert.equal(first.origin, `http://127.0.0.1:${port}`);
  assert.ok(first.upstreamMap.includes(`login.salesforce.com=${first.origin}`));
  assert.ok(first.upstreamMap.includes(`*.my.site.com=${first.origin}`));
  assert.ok(first.orgs.length >= 2);
  assert.match(first.orgs[0]!.id, /^00D[A-Za-z0-9]{15}$/);
  assert.deepEqual(first.orgs[0]!.apps[0]!.callbackUrls, ['http://localhost:4000/oauth/callback']);
  assert.ok(first.orgs.some((o) => o.sandbox));
  const versions = await fetch(`${first.origin}/services/data/`);
  assert.equal(versions.status, 200);
  child.kill('SIGTERM');
  assert.equal(await exit, 0);
});
