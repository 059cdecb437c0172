// For integration tests: a terapi on a fresh database of the test PostgreSQL (TERAPI_TEST_DATABASE_URL,
// provided by scripts/test.mjs), on a random port, with a random encryption key.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../config/config.js';
import { testConfig } from './test-config.js';
import { startTerapi, type RunningTerapi, type StartOptions } from '../server/start-terapi.js';
import { freePort } from '../network/free-port.js';

export { freePort };

export interface TestTerapi extends RunningTerapi {
  databaseUrl: string;
  /** fetch() against the API with the dev secret key. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}


export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = testConfig().databaseUrl;
  if (!base) throw new Error('TERAPI_TEST_DATABASE_URL is not set: run the tests with `npm test` or `node scripts/test.mjs FILE`');
  const name = `terapi_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestTerapiOptions {
  /** The server to start: by default these sources; a benchmark passes the build's (bench/built-server.ts). */
  server?: { loadConfig: typeof loadConfig; startTerapi: typeof startTerapi };
  env?: Record<string, string>;
  /** Reuse a database (a second process on the same data). */
  database?: { url: string; encryptionKey: string };
  role?: 'all' | 'api' | 'worker';
  /** A port chosen beforehand (e.g. to give the simulator terapi's callback URL first). */
  port?: number;
  /** Sync engine options (short stale-lock and run timeouts for tests). */
  syncs?: StartOptions['syncs'];
  webhookBackoffBaseMs?: number;
  /** The process's logger (a test that reads what terapi logs passes one writing to memory). */
  logger?: Logger;
}

export async function startTestTerapi(opts: TestTerapiOptions = {}): Promise<TestTerapi & { encryptionKey: string }> {
  const owned = opts.database ? undefined : await createTestDatabase();
  const databaseUrl = opts.database?.url ?? owned!.url;
  const encryptionKey = opts.database?.encryptionKey ?? randomBytes(32).toString('base64');
  const port = opts.port ?? (await freePort());
  const server = opts.server ?? { loadConfig, startTerapi };
  const config = server.loadConfig({ TERAPI_PORT: String(port), TERAPI_SERVER_URL: `http://127.0.0.1:${port}`, DATABASE_URL: databaseUrl, TERAPI_ENCRYPTION_KEY: encryptionKey, TERAPI_ROLE: opts.role ?? 'all', ...opts.env });
  const running = await server.startTerapi(config, { logger: opts.logger ?? pino({ level: testConfig().logLevel }), host: '127.0.0.1', ...(opts.syncs ? { syncs: opts.syncs } : {}), ...(opts.webhookBackoffBaseMs ? { webhookBackoffBaseMs: opts.webhookBackoffBaseMs } : {}) });
  const url = running.url;
  return {
    ...running,
    url,
    databaseUrl,
    encryptionKey,
    api(path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${running.devSecretKey}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    },
    async close() {
      await running.stop();
      await owned?.drop();
    },
  };
}
