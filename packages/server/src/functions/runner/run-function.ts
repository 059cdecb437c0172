// Runs one deployed function outside the API's event loop (issue 6 §3): a worker thread with a heap limit
// (resourceLimits) and a wall-clock limit (terminate), an empty environment, and no handle on anything of
// terapi's: the function's helper reaches the FunctionHost only through the messages relayed here.
// An infinite loop, a memory bomb, a throw or process.exit ends that run with a coded error, never the server.
import { Worker } from 'node:worker_threads';
import type { HostToWorker, RuntimeMode, SerializedError, WorkerToHost } from '../sdk/host-protocol.js';
import type { FunctionHost } from './function-host.js';
import { HOST_CONTEXT, HOST_METHODS, type HostWithContext } from './function-host.js';
import type { InvalidRecord, RunFunctionOptions, RunFunctionResult } from './run-function-types.js';
import { WORKER_BOOTSTRAP } from './worker-bootstrap.js';
import { MAX_CONCURRENT_RUNS, RunSlots } from './run-slots.js';

const slots = new RunSlots(MAX_CONCURRENT_RUNS);

export type { RunFunctionOptions, RunFunctionResult, RunFunctionErrorCode, InvalidRecord, FunctionKind } from './run-function-types.js';

const hostMethods = new Set<string>(HOST_METHODS);

function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; payload?: unknown };
    return { name: e.name, message: e.message, ...(typeof e.code === 'string' ? { code: e.code } : {}), ...(e.payload !== undefined ? { payload: safeClone(e.payload) } : {}) };
  }
  return { message: String(err) };
}

function safeClone(v: unknown): unknown {
  try {
    return structuredClone(v);
  } catch {
    return undefined;
  }
}

export interface RunInWorkerOptions {
  bundle: string;
  mode: RuntimeMode;
  input?: unknown;
  host: FunctionHost;
  timeoutMs: number;
  memoryMb: number;
  context?: { connectionId: string; providerConfigKey: string } | undefined;
}

/** Runs a bundle in one mode; `describe` answers the definition without calling the host. */
export function runBundle(opts: RunInWorkerOptions): Promise<RunFunctionResult> {
  return new Promise((resolve) => {
    const start = {
      mode: opts.mode,
      input: opts.input,
      lastSyncDate: opts.host.lastSyncDate ? opts.host.lastSyncDate.toISOString() : null,
      connectionId: opts.context?.connectionId ?? '',
      providerConfigKey: opts.context?.providerConfigKey ?? '',
    };
    let settled = false;
    let timedOut = false;
    const worker = new Worker(WORKER_BOOTSTRAP, {
      eval: true,
      workerData: { bundle: opts.bundle, start },
      env: {},
      execArgv: [],
      argv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.min(32, Math.floor(opts.memoryMb / 4))), stackSizeMb: 4 },
    });
    const finish = (result: RunFunctionResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate().catch(() => {});
      resolve(result);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      finish({ ok: false, error: { code: 'function_timeout', message: `The function ran longer than its ${opts.timeoutMs} ms limit and was stopped.` } });
    }, opts.timeoutMs);
    const forward = (level: 'info' | 'warn') => (chunk: Buffer) => {
      const text = chunk.toString('utf8').trimEnd();
      if (text) opts.host.log(level, text);
    };
    worker.stdout.on('data', forward('info'));
    worker.stderr.on('data', forward('warn'));
    const LEVELS = new Set(['debug', 'info', 'warn', 'error']);
    const onMessage = (msg: WorkerToHost) => {
      if (settled) return;
      switch (msg.type) {
        case 'call': {
          const reply = (m: HostToWorker) => {
            if (settled) return;
            try {
              worker.postMessage(m);
            } catch (err) {
              // A host value that cannot cross threads must fail the call, not the server.
              worker.postMessage({ type: 'reply', id: m.id, ok: false, error: { message: `the host's answer could not be sent to the function: ${(err as Error).message}` } });
            }
          };
          if (!hostMethods.has(msg.method)) {
            reply({ type: 'reply', id: msg.id, ok: false, error: { message: `unknown host method ${String(msg.method)}` } });
            return;
          }
          const method = opts.host[msg.method] as (...a: unknown[]) => unknown;
          Promise.resolve()
            .then(() => method.apply(opts.host, Array.isArray(msg.args) ? msg.args : []))
            .then(
              (value) => reply({ type: 'reply', id: msg.id, ok: true, value: value === undefined ? null : value }),
              (err: unknown) => reply({ type: 'reply', id: msg.id, ok: false, error: serializeError(err) }),
            )
            .catch(() => {});
          return;
        }
        case 'log':
          opts.host.log(LEVELS.has(msg.level) ? msg.level : 'info', String(msg.message), msg.data);
          return;
        case 'done':
          finish({ ok: true, output: msg.output, invalidRecords: msg.invalidRecords as InvalidRecord[] });
          return;
        case 'failed':
          finish({ ok: false, error: msg.error.payload !== undefined ? msg.error : { code: msg.error.code, message: msg.error.message } });
          return;
      }
    };
    worker.on('message', (msg: WorkerToHost) => {
      try {
        onMessage(msg);
      } catch (err) {
        // Whatever the function's thread sends, a bad message ends that run only.
        finish({ ok: false, error: { code: 'function_error', message: `The function sent a message terapi could not handle: ${(err as Error).message}` } });
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish({ ok: false, error: { code: 'function_memory', message: `The function used more than its ${opts.memoryMb} MB memory limit and was stopped.` } });
      } else {
        finish({ ok: false, error: { code: 'function_error', message: `The function crashed: ${err.message}` } });
      }
    });
    worker.on('exit', (code) => {
      if (timedOut) return;
      finish({ ok: false, error: { code: 'function_exit', message: `The function exited (process.exit(${code})) before finishing.` } });
    });
  });
}

/** Waits for one of MAX_CONCURRENT_RUNS slots (the wall-clock limit starts with the run), then runs. */
export async function runFunction(opts: RunFunctionOptions): Promise<RunFunctionResult> {
  const context = opts.context ?? (opts.host as HostWithContext)[HOST_CONTEXT];
  const release = await slots.acquire();
  try {
    return await runBundle({ bundle: opts.bundle, mode: opts.kind, input: opts.input, host: opts.host, timeoutMs: opts.timeoutMs, memoryMb: opts.memoryMb, context });
  } finally {
    release();
  }
}
