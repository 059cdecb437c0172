// What the server loads when it starts is what `terapi start` pays in start time and idle memory (issue 15
// point 4). Tools that only the CLI or a first use needs stay out of the server's module graph.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const START_TERAPI = fileURLToPath(new URL('../../dist/server/start-terapi.js', import.meta.url));

test('loading the server does not load esbuild or isolated-vm (the deploy CLI bundles; the sandbox process runs isolates)', () => {
  const script = `import(${JSON.stringify(START_TERAPI)}).then(() => console.log(JSON.stringify(Object.keys(require.cache))))`;
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const loaded: string[] = JSON.parse(out.stdout.trim().split('\n').pop()!);
  assert.ok(loaded.some((f) => f.includes('/node_modules/fastify/')), 'the probe sees the CommonJS packages the server loads');
  for (const tool of ['esbuild', 'isolated-vm']) {
    assert.deepEqual(loaded.filter((f) => f.includes(`/node_modules/${tool}/`)), [], `${tool} is loaded by the server`);
  }
});
