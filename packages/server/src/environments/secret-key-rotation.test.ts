// issue 12 point 7: rotating the secret key does not cut off the old key without warning. The old key keeps
// working during its grace, stops at revoke-previous, and stops when the grace ends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';

let t: TestTerapi & { encryptionKey: string };
/** dev's current key (each test rotates it). */
let current: string;
before(async () => {
  t = await startTestTerapi();
  current = t.devSecretKey;
});
after(async () => {
  await t?.close();
});

const withKey = (key: string, path = '/environment', init: RequestInit = {}) =>
  fetch(`${t.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });

interface Keys {
  secret_key: string;
  previous_secret_key: { secret_key: string; expires_at: string } | null;
}

test('the old key works during the grace, and not after revoke-previous', async () => {
  const old = current;
  const res = await withKey(old, '/environment/secret-key/rotate', { method: 'POST', body: '{}' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const keys = (await res.json()) as Keys;
  assert.notEqual(keys.secret_key, old);
  assert.equal(keys.previous_secret_key?.secret_key, old);
  const hours = (Date.parse(keys.previous_secret_key!.expires_at) - Date.now()) / 3_600_000;
  assert.ok(hours > 23.9 && hours <= 24, `the default grace is 24 h, got ${hours}`);

  // both keys work, for the same environment
  for (const key of [old, keys.secret_key]) {
    const env = await withKey(key);
    assert.equal(env.status, 200);
    assert.equal(((await env.json()) as { name: string }).name, 'dev');
  }
  // the dashboard's key route shows both
  const shown = (await (await withKey(keys.secret_key, '/dashboard/api/secret-key')).json()) as Keys;
  assert.equal(shown.secret_key, keys.secret_key);
  assert.equal(shown.previous_secret_key?.secret_key, old);

  const revoked = await withKey(keys.secret_key, '/environment/secret-key/revoke-previous', { method: 'POST' });
  assert.equal(revoked.status, 200);
  assert.equal(((await revoked.json()) as Keys).previous_secret_key, null);
  const refused = await withKey(old);
  assert.equal(refused.status, 401, 'the old key is refused at once after revoke (the cache was cleared)');
  assert.equal((await withKey(keys.secret_key)).status, 200);
  current = keys.secret_key;
});

test('the old key stops working when its grace ends', async () => {
  const rotated = (await (await withKey(current, '/environment/secret-key/rotate', { method: 'POST', body: JSON.stringify({ grace_hours: 1 }) })).json()) as Keys;
  assert.equal(rotated.previous_secret_key?.secret_key, current);
  // the hour passes (rotation cleared the cache and the old key is not used before its grace ends here)
  await t.services.db.query(`update environments set previous_secret_key_expires_at = now() - interval '1 second' where name = 'dev'`);
  assert.equal((await withKey(current)).status, 401);
  const shown = (await (await withKey(rotated.secret_key, '/dashboard/api/secret-key')).json()) as Keys;
  assert.equal(shown.previous_secret_key, null, 'an ended grace is not shown');
  current = rotated.secret_key;
});

test('a grace out of bounds is refused with the validation envelope', async () => {
  const res = await withKey(current, '/environment/secret-key/rotate', { method: 'POST', body: JSON.stringify({ grace_hours: 0 }) });
  assert.equal(res.status, 400);
  assert.equal((await withKey(current)).status, 200, 'a refused rotation changes nothing');
});

test('a restart with TERAPI_SECRET_KEY still holding the replaced key does not bring it back over the new one', async () => {
  const old = current;
  const rotated = (await (await withKey(old, '/environment/secret-key/rotate', { method: 'POST', body: '{}' })).json()) as Keys;
  current = rotated.secret_key;
  const second = await startTestTerapi({ database: { url: t.databaseUrl, encryptionKey: t.encryptionKey }, env: { TERAPI_SECRET_KEY: old } });
  try {
    assert.equal(second.devSecretKey, rotated.secret_key, 'dev keeps the rotated key');
    for (const key of [rotated.secret_key, old]) assert.equal((await fetch(`${second.url}/environment`, { headers: { authorization: `Bearer ${key}` } })).status, 200);
  } finally {
    await second.close();
  }
});
