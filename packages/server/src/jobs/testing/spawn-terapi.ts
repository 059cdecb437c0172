// Starts testing/terapi-process.ts as a child process (node --import tsx --conditions=source) and resolves
// once it prints "ready". The caller kills it (SIGKILL for a crash, SIGTERM for a clean stop).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./terapi-process.ts', import.meta.url));

export interface TerapiProcess {
  child: ChildProcess;
  url: string;
  devSecretKey: string;
  /** fetch() against the child's API with its dev secret key. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Resolves with the exit signal or code. */
  kill(signal: NodeJS.Signals): Promise<string>;
}

export async function spawnTerapi(vars: Record<string, string>, opts: { staleLockMs?: number } = {}): Promise<TerapiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', SCRIPT, JSON.stringify({ vars, ...opts })], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const ready = await new Promise<{ url: string; devSecretKey: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^ready (.*)$/m.exec(out);
      if (m) resolve(JSON.parse(m[1]!) as { url: string; devSecretKey: string });
    });
    void exited.then((how) => reject(new Error(`terapi exited (${how}) before it was ready: ${stderr.slice(-2000)}`)));
  });
  return {
    child,
    ...ready,
    api(path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set('authorization', `Bearer ${ready.devSecretKey}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${ready.url}${path}`, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
