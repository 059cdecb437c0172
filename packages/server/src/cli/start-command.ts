// `terapi start` (spec/operations.md): the API and the worker in one process by default, on an embedded
// PostgreSQL when DATABASE_URL is unset. Prints the API URL, the dashboard's sign-in URL (a one-time token
// in its fragment) and the dev secret key.
// SIGINT/SIGTERM stop it cleanly: HTTP drains, workers stop, the pool closes, then PostgreSQL stops.
// Warm start (issue 15 point 4): the embedded PostgreSQL starts first, and the server's modules are imported
// while it comes up.
import { loadConfig, ConfigError, type ConfigOverrides } from '../config/config.js';
import { DataDirLockedError, startDataDirPostgres } from '../database/embedded-postgres.js';
import { createLogger } from '../http/logger.js';
import type { RunningTerapi } from '../server/start-terapi.js';

export async function startCommand(overrides: ConfigOverrides): Promise<void> {
  const t0 = performance.now();
  let config;
  try {
    config = loadConfig(undefined, overrides);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel, config.logFormat);

  // The signal handlers come first: a SIGINT or SIGTERM that arrives while terapi starts (or just as the
  // banner is read) must stop it cleanly, never kill it with the default action (exit 130/143).
  let running: RunningTerapi | undefined;
  let stopping = false;
  const stopRunning = (r: RunningTerapi) =>
    r
      .stop()
      .then(() => {
        console.log('terapi stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        console.error('error while stopping', err);
        process.exit(1);
      });
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: stopping terapi…`);
    const force = setTimeout(() => {
      console.error('terapi did not stop within 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    if (running) void stopRunning(running); // otherwise the start finishes first, then stops
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  // The modules are loaded once postgres runs: their loading blocks the event loop for a few hundred ms,
  // which would otherwise hold up the few asynchronous steps before postgres is spawned.
  let postgresRuns = () => {};
  const postgresRunning = new Promise<void>((resolve) => (postgresRuns = resolve));
  const embeddedPostgres = config.databaseUrl ? undefined : startDataDirPostgres(config.dataDir, (line) => logger.debug({ postgres: line }), () => postgresRuns());
  embeddedPostgres?.catch(() => {}); // awaited (and reported) by startTerapi; not unhandled meanwhile
  if (embeddedPostgres) await postgresRunning;
  const [{ startTerapi }, { CatalogError }] = await Promise.all([import('../server/start-terapi.js'), import('../providers/provider-catalog.js')]);
  try {
    running = await startTerapi(config, { logger, ...(embeddedPostgres ? { embeddedPostgres } : {}) });
  } catch (err) {
    const known = err instanceof DataDirLockedError || err instanceof CatalogError;
    console.error(known ? (err as Error).message : `terapi could not start: ${(err as Error).message}`);
    process.exit(1);
  }
  if (stopping) {
    await stopRunning(running);
    return;
  }
  const ms = Math.round(performance.now() - t0);
  const lines = [`terapi ${config.role} ready in ${ms} ms${running.firstStart ? ' (first start: database created)' : ''}`];
  if (running.app) lines.push(`  API:        ${config.serverUrl}`);
  if (running.dashboardUrl) {
    lines.push(`  Dashboard:  ${running.dashboardUrl}${config.dashboardToken ? ' (sign in with TERAPI_DASHBOARD_TOKEN or a secret key)' : ' (signs you in once)'}`);
  }
  lines.push(`  Secret key (dev environment): ${running.devSecretKey}`, `  Database:   ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`}`);
  console.log(lines.join('\n'));
}
