import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from './config.js';

test('defaults follow spec/operations.md', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3003);
  assert.equal(c.serverUrl, 'http://localhost:3003');
  assert.equal(c.role, 'all');
  assert.equal(c.logLevel, 'info');
  assert.equal(c.cliHost, 'http://localhost:3003');
  assert.equal(c.databaseUrl, undefined);
  assert.ok(Object.isFrozen(c));
});

test('every bad variable is reported at once', () => {
  assert.throws(
    () => loadConfig({ TERAPI_PORT: 'x', TERAPI_ROLE: 'boss', TERAPI_LOG_LEVEL: 'loud', DATABASE_URL: 'postgres://h/db', TERAPI_SECRET_KEY: 'nope', TERAPI_UPSTREAM_MAP: 'bad' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      const text = err.problems.join('\n');
      for (const name of ['TERAPI_PORT', 'TERAPI_ROLE', 'TERAPI_LOG_LEVEL', 'TERAPI_ENCRYPTION_KEY', 'TERAPI_SECRET_KEY', 'TERAPI_UPSTREAM_MAP']) assert.match(text, new RegExp(name));
      return true;
    },
  );
});

test('the upstream map matches exact hosts and *.suffix, first rule wins', () => {
  const c = loadConfig({ TERAPI_UPSTREAM_MAP: 'login.salesforce.com=http://127.0.0.1:9100, *.my.salesforce.com=http://127.0.0.1:9200' });
  assert.equal(c.upstreamMap.originFor('login.salesforce.com'), 'http://127.0.0.1:9100');
  assert.equal(c.upstreamMap.originFor('acme.my.salesforce.com'), 'http://127.0.0.1:9200');
  assert.equal(c.upstreamMap.originFor('my.salesforce.com.evil.com'), undefined);
  assert.equal(c.upstreamMap.originFor('test.salesforce.com'), undefined);
});

test('TERAPI_SECRET_KEY must be a UUIDv4 and the encryption key 32 bytes', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const c = loadConfig({ TERAPI_SECRET_KEY: 'A1B2C3D4-0000-4000-8000-000000000000', TERAPI_ENCRYPTION_KEY: key, DATABASE_URL: 'postgres://x/y' });
  assert.equal(c.secretKey, 'a1b2c3d4-0000-4000-8000-000000000000');
  assert.equal(c.encryptionKey?.length, 32);
  assert.throws(() => loadConfig({ TERAPI_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }), /32 random bytes/);
});

test('TERAPI_LOG_FORMAT: auto by default, json or pretty when asked, anything else refused', () => {
  assert.equal(loadConfig({}).logFormat, 'auto');
  assert.equal(loadConfig({ TERAPI_LOG_FORMAT: 'json' }).logFormat, 'json');
  assert.equal(loadConfig({ TERAPI_LOG_FORMAT: 'Pretty' }).logFormat, 'pretty');
  assert.throws(() => loadConfig({ TERAPI_LOG_FORMAT: 'xml' }), (err: unknown) => err instanceof ConfigError && /TERAPI_LOG_FORMAT must be one of auto, json, pretty, got "xml"/.test(err.message));
});

test('retention periods: documented defaults, whole days of 0 or more', () => {
  assert.deepEqual(loadConfig({}).retention, { operationsDays: 30, webhookDeliveriesDays: 30, actionRunsDays: 30, expiredSessionsDays: 1, tombstonesDays: 30, incomingWebhooksDays: 7 });
  assert.equal(loadConfig({ TERAPI_RETENTION_TOMBSTONES_DAYS: '0' }).retention.tombstonesDays, 0);
  assert.throws(
    () => loadConfig({ TERAPI_RETENTION_OPERATIONS_DAYS: '-1', TERAPI_RETENTION_ACTION_RUNS_DAYS: 'a week' }),
    (err: unknown) =>
      err instanceof ConfigError &&
      err.problems.length === 2 &&
      err.problems[0] === 'TERAPI_RETENTION_OPERATIONS_DAYS must be a whole number of days (0 or more), got "-1"' &&
      err.problems[1] === 'TERAPI_RETENTION_ACTION_RUNS_DAYS must be a whole number of days (0 or more), got "a week"',
  );
});

test('TERAPI_DASHBOARD_TOKEN is unset by default and, when set, 32 characters or more', () => {
  assert.equal(loadConfig({}).dashboardToken, undefined);
  assert.equal(loadConfig({ TERAPI_DASHBOARD_TOKEN: 'a'.repeat(32) }).dashboardToken, 'a'.repeat(32));
  assert.throws(() => loadConfig({ TERAPI_DASHBOARD_TOKEN: 'short' }), (err: unknown) => err instanceof ConfigError && /TERAPI_DASHBOARD_TOKEN must be 32 characters or more/.test(err.message));
});
