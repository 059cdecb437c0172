// issue 9 point 6, as the attack: tens of thousands of requests, each with a different random (well-formed,
// unknown) secret key, leave the secret-key cache at its bound instead of one entry per key tried.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { SECRET_KEY_CACHE_MAX_ENTRIES } from './environment-store.js';

let t: TestTerapi;
before(async () => {
  t = await startTestTerapi();
});
after(async () => {
  await t?.close();
});

// 20 times the cache's bound: every unknown key costs a database lookup, so 100,000 would take a minute of
// the suite without proving more.
const TOTAL = 20 * SECRET_KEY_CACHE_MAX_ENTRIES;

test(`${TOTAL} distinct unknown secret keys leave the secret-key cache holding only real environments`, async () => {
  const pool = new Pool(t.url, { connections: 32 });
  let next = 0;
  const codes = new Map<string, number>();
  const worker = async () => {
    while (next < TOTAL) {
      next++;
      const res = await pool.request({ path: '/environment', method: 'GET', headers: { authorization: `Bearer ${randomUUID()}` } });
      const { error } = (await res.body.json()) as { error: { code: string } };
      const key = `${res.statusCode} ${error.code}`;
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await pool.close();
  assert.deepEqual([...codes], [['401 unknown_account', TOTAL]]);
  assert.equal((await t.api('/environment')).status, 200);
  const size = t.services.environments.secretKeyCacheSize;
  assert.ok(size <= 2, `only the keys of real environments are cached, found ${size}`);
});
