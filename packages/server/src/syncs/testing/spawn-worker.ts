// Starts testing/sync-worker-process.ts as a child process (node --import tsx --conditions=source), resolves
// once it prints "ready". The caller kills it (SIGKILL for a crash, SIGTERM for a clean stop).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./sync-worker-process.ts', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit signal or code. */
  exited: Promise<string>;
  kill(signal: NodeJS.Signals): Promise<string>;
}

/** `nodeArgs`: Node's own flags for the worker (a benchmark's `--cpu-prof`, say). */
export async function spawnWorker(vars: Record<string, string>, opts: { staleLockMs?: number; pollIntervalMs?: number } = {}, nodeArgs: string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', '--conditions=source', SCRIPT, JSON.stringify({ ...vars, ...opts })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ready\n')) resolve();
    });
    void exited.then((how) => reject(new Error(`the worker exited (${how}) before it was ready: ${stderr.slice(-2000)}`)));
  });
  return {
    child,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
