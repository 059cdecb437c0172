// For sync tests: startTestTerapi's shape plus the sync options of StartOptions (short stale-lock and run
// timeouts), which testing/test-terapi.ts does not pass through yet.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { loadConfig } from '../../config/config.js';
import { startTerapi } from '../../server/start-terapi.js';
import { createTestDatabase, freePort, type TestTerapi } from '../../testing/test-terapi.js';
import type { SyncServiceOptions } from '../sync-service.js';

export interface SyncTerapiOptions {
  env?: Record<string, string>;
  database?: { url: string; encryptionKey: string };
  role?: 'all' | 'api' | 'worker';
  syncs?: SyncServiceOptions;
}

export async function startSyncTerapi(opts: SyncTerapiOptions = {}): Promise<TestTerapi & { encryptionKey: string }> {
  const owned = opts.database ? undefined : await createTestDatabase();
  const databaseUrl = opts.database?.url ?? owned!.url;
  const encryptionKey = opts.database?.encryptionKey ?? randomBytes(32).toString('base64');
  const port = await freePort();
  const config = loadConfig({ TERAPI_PORT: String(port), TERAPI_SERVER_URL: `http://127.0.0.1:${port}`, DATABASE_URL: databaseUrl, TERAPI_ENCRYPTION_KEY: encryptionKey, TERAPI_ROLE: opts.role ?? 'all', ...opts.env });
  const running = await startTerapi(config, { logger: pino({ level: process.env.TERAPI_TEST_LOG_LEVEL ?? 'silent' }), host: '127.0.0.1', ...(opts.syncs ? { syncs: opts.syncs } : {}) });
  return {
    ...running,
    databaseUrl,
    encryptionKey,
    api(path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${running.devSecretKey}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${running.url}${path}`, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    },
    async close() {
      await running.stop();
      await owned?.drop();
    },
  };
}
