// Entry point of a terapi worker in its own process, for the crash test (a worker SIGKILLed mid-run) and the
// benchmark (its resident memory). argv[2]: JSON of the configuration variables (as loadConfig reads them)
// plus optional staleLockMs and pollIntervalMs. Prints "ready" once it takes jobs; SIGTERM stops it cleanly.
import { pino } from 'pino';
import { loadConfig } from '../../config/config.js';
import { startTerapi } from '../../server/start-terapi.js';

const { staleLockMs, pollIntervalMs, ...vars } = JSON.parse(process.argv[2] ?? '{}') as Record<string, string> & { staleLockMs?: number; pollIntervalMs?: number };
const config = loadConfig({ ...vars, TERAPI_ROLE: 'worker', TERAPI_PORT: '0' });
const running = await startTerapi(config, {
  logger: pino({ level: vars.TERAPI_LOG_LEVEL ?? 'silent' }),
  // Tests poll every 100 ms (a retry's backoff comes due sooner); a benchmark passes terapi's own interval.
  syncs: { pollIntervalMs: pollIntervalMs ?? 100, ...(staleLockMs ? { staleLockMs } : {}) },
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
