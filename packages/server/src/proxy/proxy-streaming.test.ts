// issue 5 point 4: 200 MB down and 200 MB up through the proxy with the process's memory growing by less
// than 50 MB. Runs in a child process so nothing else in this test process shows up in its RSS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('./proxy-streaming-probe.ts', import.meta.url));
const MB = 1024 * 1024;

test('a 200 MB download and a 200 MB upload stream through with less than 50 MB of memory growth; Decompress decodes or passes gzip', async (t) => {
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '--conditions=source', '--expose-gc', PROBE, '200'], { env: process.env, maxBuffer: MB }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as { decompress: { passedThrough: boolean; decoded: boolean }; downloadStatus: number; downloaded: number; uploadStatus: number; uploaded: number; growthMb: number };
  t.diagnostic(`RSS growth ${result.growthMb.toFixed(1)} MB`);
  assert.deepEqual(result.decompress, { passedThrough: true, decoded: true });
  assert.equal(result.downloadStatus, 200);
  assert.equal(result.downloaded, 200 * MB);
  assert.equal(result.uploadStatus, 201);
  assert.equal(result.uploaded, 200 * MB);
  assert.ok(result.growthMb < 50, `RSS grew by ${result.growthMb.toFixed(1)} MB`);
});
