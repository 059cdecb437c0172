// Environments dev and prod exist from the first start, each with its own UUIDv4 keys; bootstrap is
// idempotent across restarts and processes; TERAPI_SECRET_KEY makes dev's key what it says, every time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Database } from '../database/database.js';
import { migrate } from '../database/migrate.js';
import { SecretBox } from '../crypto/secret-box.js';
import { createTestDatabase } from '../testing/test-terapi.js';
import { EnvironmentStore } from './environment-store.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Database;
let store: EnvironmentStore;
before(async () => {
  database = await createTestDatabase();
  db = new Database(database.url);
  await migrate(db);
  store = new EnvironmentStore(db, new SecretBox(randomBytes(32)));
});
after(async () => {
  await db.close();
  await database.drop();
});

test('dev and prod are created once, with distinct UUIDv4 secret, public and signing keys', async () => {
  const results = await Promise.all([store.ensureDefaults(), store.ensureDefaults(), store.ensureDefaults()]);
  const devKey = results[0].devSecretKey;
  assert.match(devKey, UUID_V4);
  assert.ok(results.every((r) => r.devSecretKey === devKey), 'concurrent bootstraps agree');
  const { rows } = await db.query<{ name: string; public_key: string; id: number }>('select id, name, public_key::text from environments order by name');
  assert.deepEqual(rows.map((r) => r.name), ['dev', 'prod']);
  const prod = rows.find((r) => r.name === 'prod')!;
  const prodKey = await store.secretKeyOf(prod.id);
  assert.match(prodKey, UUID_V4);
  assert.notEqual(prodKey, devKey);
  assert.equal((await store.findBySecretKey(prodKey))?.name, 'prod');
  assert.equal((await store.findBySecretKey(devKey))?.name, 'dev');
  for (const r of rows) assert.match(r.public_key, UUID_V4);
  const signing = await Promise.all(rows.map((r) => store.webhookSigningKey(r.id)));
  for (const k of signing) assert.match(k, UUID_V4);
  assert.notEqual(signing[0], signing[1]);
  assert.equal((await store.ensureDefaults()).devSecretKey, devKey, 'a restart keeps the key');
});

test('TERAPI_SECRET_KEY becomes dev\'s key, idempotently, and the old key stops working', async () => {
  const before = (await store.ensureDefaults()).devSecretKey;
  const wanted = '0d3c2b1a-9f8e-4d7c-8b6a-5f4e3d2c1b0a';
  assert.equal((await store.ensureDefaults(wanted)).devSecretKey, wanted);
  assert.equal((await store.ensureDefaults(wanted)).devSecretKey, wanted);
  assert.equal((await store.findBySecretKey(wanted))?.name, 'dev');
  assert.equal(await store.findBySecretKey(before), undefined);
});
