// Entry point of a terapi in its own process, for the tests that SIGKILL one (jobs/job-crash.test.ts).
// argv[2]: JSON { vars: the configuration variables as loadConfig reads them, staleLockMs?: number }.
// Prints "ready <json>" (its URL and dev secret key) once it serves and runs jobs; SIGTERM stops it cleanly.
import { pino } from 'pino';
import { loadConfig } from '../../config/config.js';
import { startTerapi } from '../../server/start-terapi.js';

const { vars, staleLockMs } = JSON.parse(process.argv[2] ?? '{}') as { vars: Record<string, string>; staleLockMs?: number };
const running = await startTerapi(loadConfig({ TERAPI_PORT: '0', ...vars }), {
  logger: pino({ level: vars.TERAPI_LOG_LEVEL ?? 'silent' }),
  host: '127.0.0.1',
  syncs: { pollIntervalMs: 100, ...(staleLockMs ? { staleLockMs } : {}) },
});
process.stdout.write(`ready ${JSON.stringify({ url: running.url, devSecretKey: running.devSecretKey })}\n`);
process.on('SIGTERM', () => {
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
