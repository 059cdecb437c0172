// For sync tests: a test terapi with the sync engine's options (short stale-lock and run timeouts).
import { startTestTerapi, type TestTerapi, type TestTerapiOptions } from '../../testing/test-terapi.js';

export type SyncTerapiOptions = TestTerapiOptions;

export function startSyncTerapi(opts: SyncTerapiOptions = {}): Promise<TestTerapi & { encryptionKey: string }> {
  return startTestTerapi(opts);
}
