// `terapi demo` exits 0 after the whole tour, offline (spec/operations.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

test('terapi demo connects an org, syncs, prints records, calls the proxy, receives an Outbound Message and exits 0', { timeout: 300_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', MAIN, 'demo'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.equal(code, 0, out);
  assert.match(out, /connection [0-9a-f-]{36}: instance_url https:\/\/acme\.my\.salesforce\.com/);
  assert.match(out, /added {4}salesforce\/syncs\/accounts/);
  assert.match(out, /25 \w+ records synced/);
  assert.match(out, /- 001\w{15} .+ \(ADDED\)/);
  assert.match(out, /totalSize 25/);
  assert.match(out, /Outbound Message 04l\w+ → http:\/\/127\.0\.0\.1:\d+\/webhook\/[0-9a-f-]{36}\/salesforce\?secret=…: delivered after 1 attempt/);
  assert.match(out, /GET \/records: 001\w{15} industry "Biotechnology \(changed by the demo\)" \(UPDATED\), no sync run needed/);
});
