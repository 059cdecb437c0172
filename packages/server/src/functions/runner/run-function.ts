// Runs one deployed function in the function sandbox (issue 9 §1, ../sandbox/): a separate process that
// holds no secret, one fresh V8 isolate per run with a memory limit that counts everything the function
// allocates, and a wall-clock limit. The function's helper reaches the FunctionHost only through the
// messages relayed here. An infinite loop, a memory bomb, a throw or a crash of the sandbox ends that run
// with a coded error, never the server.
import type { HostToWorker, RuntimeMode, SerializedError, WorkerToHost } from '../sdk/host-protocol.js';
import { FunctionSandbox, type SandboxRun } from '../sandbox/sandbox-client.js';
import { FUNCTION_LOG_LIMITS, FUNCTION_MESSAGE_MAX_BYTES } from '../function-limits.js';
import type { FunctionHost } from './function-host.js';
import { HOST_CONTEXT, HOST_METHODS, type HostWithContext } from './function-host.js';
import type { InvalidRecord, RunFunctionOptions, RunFunctionResult } from './run-function-types.js';
import { MAX_CONCURRENT_RUNS, RunSlots } from './run-slots.js';

/** A backstop beyond the sandbox's own wall-clock limit, should the sandbox process hang. */
const BACKSTOP_MS = 5_000;

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
    return JSON.parse(JSON.stringify(v)) as unknown;
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

/**
 * One sandbox process and one bound on concurrent runs per terapi process (deploy-time reads included),
 * built by the composition root and handed to syncs, actions, deploy, dry runs and connection events.
 */
export class FunctionRunner {
  readonly #slots = new RunSlots(MAX_CONCURRENT_RUNS);
  readonly #sandbox = new FunctionSandbox();

  /** The sandbox process's pid while it runs (tests). */
  get sandboxPid(): number | undefined {
    return this.#sandbox.pid;
  }

  /** Runs a deployed function once a slot is free (the wall-clock limit starts with the run). */
  run(opts: RunFunctionOptions): Promise<RunFunctionResult> {
    const context = opts.context ?? (opts.host as HostWithContext)[HOST_CONTEXT];
    return this.runBundle({ bundle: opts.bundle, mode: opts.kind, input: opts.input, host: opts.host, timeoutMs: opts.timeoutMs, memoryMb: opts.memoryMb, context });
  }

  /** Runs a bundle in one mode, in a slot; `describe` answers the definition without calling the host. */
  async runBundle(opts: RunInWorkerOptions): Promise<RunFunctionResult> {
    const release = await this.#slots.acquire();
    try {
      return await runInSandbox(this.#sandbox, opts);
    } finally {
      release();
    }
  }

  /** Stops the sandbox process (terapi's shutdown). */
  close(): Promise<void> {
    return this.#sandbox.close();
  }
}

function runInSandbox(sandbox: FunctionSandbox, opts: RunInWorkerOptions): Promise<RunFunctionResult> {
  return new Promise((resolve) => {
    const start = {
      mode: opts.mode,
      input: opts.input,
      lastSyncDate: opts.host.lastSyncDate ? opts.host.lastSyncDate.toISOString() : null,
      connectionId: opts.context?.connectionId ?? '',
      providerConfigKey: opts.context?.providerConfigKey ?? '',
    };
    let settled = false;
    let run: SandboxRun | undefined;
    const finish = (result: RunFunctionResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(backstop);
      run?.cancel();
      resolve(result);
    };
    const backstop = setTimeout(() => {
      finish({ ok: false, error: { code: 'function_timeout', message: `The function ran longer than its ${opts.timeoutMs} ms limit and was stopped.` } });
    }, opts.timeoutMs + BACKSTOP_MS);
    const LEVELS = new Set(['debug', 'info', 'warn', 'error']);
    const reply = (m: HostToWorker) => {
      if (settled) return;
      try {
        run?.reply(m);
      } catch (err) {
        // A host value that cannot be sent must fail the call, not the server.
        run?.reply({ type: 'reply', id: m.id, ok: false, error: { message: `the host's answer could not be sent to the function: ${(err as Error).message}` } });
      }
    };
    const onMessage = (msg: WorkerToHost) => {
      if (settled) return;
      switch (msg.type) {
        case 'call': {
          if (!hostMethods.has(msg.method)) {
            reply({ type: 'reply', id: msg.id, ok: false, error: { message: `unknown host method ${String(msg.method)}` } });
            return;
          }
          const method = opts.host[msg.method] as (...a: unknown[]) => unknown;
          Promise.resolve()
            // A call's text (a batch of records as JSON) follows its arguments, unparsed.
            .then(() => {
              const args = Array.isArray(msg.args) ? msg.args : [];
              return method.apply(opts.host, typeof msg.text === 'string' ? [...args, msg.text] : args);
            })
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
          // JSON drops an undefined id; the report keeps its four fields.
          finish({ ok: true, output: msg.output, invalidRecords: (msg.invalidRecords ?? []).map((r): InvalidRecord => ({ model: r.model, id: r.id, field: r.field, message: r.message })) });
          return;
        case 'failed':
          finish({ ok: false, error: msg.error.payload !== undefined ? msg.error : { code: msg.error.code, message: msg.error.message } });
          return;
      }
    };
    const limits = { timeoutMs: opts.timeoutMs, memoryMb: opts.memoryMb, logLines: FUNCTION_LOG_LIMITS.lines, logBytes: FUNCTION_LOG_LIMITS.bytes, messageBytes: FUNCTION_MESSAGE_MAX_BYTES };
    sandbox
      .start(opts.bundle, start, limits, {
        onMessage: (msg) => {
          try {
            onMessage(msg);
          } catch (err) {
            // Whatever the function sends, a bad message ends that run only.
            finish({ ok: false, error: { code: 'function_error', message: `The function sent a message terapi could not handle: ${(err as Error).message}` } });
          }
        },
        onEnded: (error) => finish({ ok: false, error }),
      })
      .then(
        (r) => {
          run = r;
          if (settled) r.cancel();
        },
        (err: unknown) => finish({ ok: false, error: { code: 'function_error', message: `The function sandbox could not start: ${(err as Error).message}` } }),
      );
  });
}
