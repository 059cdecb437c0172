// The terapi side of the function sandbox (issue 9 §1): starts sandbox-main.ts as a separate process that
// never held terapi's environment, keys, database connections or file handles, sends it runs, and relays
// each run's messages. The process is started on the first run, restarted after it dies (its runs fail with
// function_error), and kept out of the event loop's way while idle; it exits when its terapi process does
// (its IPC channel closes).
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostToWorker, WorkerToHost } from '../sdk/host-protocol.js';
import type { FromSandbox, SandboxEndCode, SandboxRunLimits, SandboxStart, ToSandbox } from './sandbox-protocol.js';

/** The compiled entry (the sandbox runs plain JavaScript, also when terapi itself runs from its sources). */
const SANDBOX_ENTRY = fileURLToPath(new URL('../../../dist/functions/sandbox/sandbox-main.js', import.meta.url));
const ISOLATED_VM_DIR = dirname(createRequire(import.meta.url).resolve('isolated-vm/package.json'));
/** The sandbox process's own heap (messages in flight); each isolate's heap is limited separately. */
const SANDBOX_HEAP_MB = 1024;

export interface SandboxRunHandlers {
  /** A message of the function runtime: a helper call, a log line, done or failed. */
  onMessage(message: WorkerToHost): void;
  /** The sandbox ended the run (timeout, memory limit, a crash of the sandbox). */
  onEnded(error: { code: SandboxEndCode; message: string }): void;
}

export interface SandboxRun {
  reply(reply: HostToWorker): void;
  cancel(): void;
}

/** Node's flags for the sandbox process: what makes it a sandbox (see docs/architecture.md, "Functions"). */
function sandboxArgs(): string[] {
  return [
    '--no-node-snapshot', // isolated-vm needs it on Node 20+
    '--no-expose-wasm', // WebAssembly memory is not counted against an isolate's limit
    '--experimental-permission',
    `--allow-fs-read=${dirname(SANDBOX_ENTRY)}/*`,
    `--allow-fs-read=${ISOLATED_VM_DIR}/*`,
    '--allow-addons',
    '--no-warnings',
    `--max-old-space-size=${SANDBOX_HEAP_MB}`,
    SANDBOX_ENTRY,
  ];
}

export class FunctionSandbox {
  #child: ChildProcess | undefined;
  #ready: Promise<ChildProcess> | undefined;
  #prelude: Promise<string> | undefined;
  readonly #runs = new Map<number, SandboxRunHandlers>();
  #nextRunId = 1;

  /** The process id of the running sandbox, if any (tests look at it). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async start(bundle: string, start: SandboxStart, limits: SandboxRunLimits, handlers: SandboxRunHandlers): Promise<SandboxRun> {
    const child = await this.#ensureChild();
    const runId = this.#nextRunId++;
    this.#runs.set(runId, handlers);
    this.#refresh();
    this.#send(child, { type: 'run', runId, bundle, start, limits });
    return {
      reply: (reply) => {
        // Serialized here, once: the sandbox passes the text to the isolate without parsing it. A body's text
        // (the proxy helper's `data`, a whole page of a provider's answer) goes beside the JSON, unescaped.
        if (!this.#runs.has(runId)) return;
        const value = reply.ok ? (reply.value as { data?: unknown } | null) : null;
        if (value !== null && typeof value === 'object' && typeof value.data === 'string') {
          const { data, ...rest } = value;
          this.#send(child, { type: 'reply', runId, id: reply.id, json: JSON.stringify({ ...reply, value: rest }), data });
        } else {
          this.#send(child, { type: 'reply', runId, id: reply.id, json: JSON.stringify(reply) });
        }
      },
      cancel: () => {
        if (!this.#runs.delete(runId)) return;
        this.#send(child, { type: 'cancel', runId });
        this.#refresh();
      },
    };
  }

  /** Stops the sandbox process; the next run starts a new one. */
  async close(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  #send(child: ChildProcess, message: ToSandbox): void {
    if (child.connected) child.send(message);
  }

  #ensureChild(): Promise<ChildProcess> {
    this.#ready ??= this.#spawn().catch((err: unknown) => {
      this.#ready = undefined;
      throw err;
    });
    return this.#ready;
  }

  async #spawn(): Promise<ChildProcess> {
    const prelude = await (this.#prelude ??= buildIsolatePrelude());
    const child = spawn(process.execPath, sandboxArgs(), { env: {}, cwd: dirname(SANDBOX_ENTRY), stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
    this.#child = child;
    child.on('message', (message: FromSandbox) => this.#onMessage(message));
    child.on('exit', (code, signal) => {
      if (this.#child === child) {
        this.#child = undefined;
        this.#ready = undefined;
      }
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      for (const [runId, handlers] of this.#runs) {
        this.#runs.delete(runId);
        handlers.onEnded({ code: 'function_error', message: `The function sandbox process stopped (${why}) before the function finished.` });
      }
    });
    await new Promise<void>((resolve, reject) => {
      const onReady = (m: FromSandbox) => {
        if (m.type !== 'ready') return;
        child.off('message', onReady);
        child.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number | null) => reject(new Error(`The function sandbox process could not start (exit code ${code}).`));
      child.on('message', onReady);
      child.once('exit', onExit);
      child.send({ type: 'init', prelude } satisfies ToSandbox);
    });
    this.#refresh();
    return child;
  }

  #onMessage(message: FromSandbox): void {
    if (message.type === 'ready') return;
    const handlers = this.#runs.get(message.runId);
    if (!handlers) return;
    if (message.type === 'ended') {
      this.#runs.delete(message.runId);
      this.#refresh();
      handlers.onEnded(message.error);
      return;
    }
    if (message.type === 'call') {
      handlers.onMessage({ type: 'call', id: message.id, method: message.method, args: parseArgs(message.argsJson), ...(typeof message.text === 'string' ? { text: message.text } : {}) });
      return;
    }
    const m = message.message;
    if (m.type === 'done' || m.type === 'failed') {
      this.#runs.delete(message.runId);
      this.#refresh();
    }
    handlers.onMessage(m);
  }

  /** An idle sandbox does not keep terapi (or a test) alive. */
  #refresh(): void {
    const child = this.#child;
    if (!child) return;
    const channel = child.channel as { ref?(): void; unref?(): void } | null | undefined;
    if (this.#runs.size > 0) {
      child.ref();
      channel?.ref?.();
    } else {
      child.unref();
      channel?.unref?.();
    }
  }
}

/** A helper call's arguments as the function wrote them: a JSON array, or no arguments. */
function parseArgs(json: string): unknown[] {
  try {
    const args = JSON.parse(json) as unknown;
    return Array.isArray(args) ? args : [];
  } catch {
    return [];
  }
}

/** Bundles isolate-globals.ts and the libraries it installs (URL, Buffer) into one script, once per process. */
async function buildIsolatePrelude(): Promise<string> {
  const { build } = await import('esbuild');
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSources ? './isolate-globals.ts' : './isolate-globals.js', import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', banner: { js: "'use strict';" }, platform: 'browser', target: 'es2022', minify: true, logLevel: 'silent' });
  const file = out.outputFiles[0];
  if (!file) throw new Error('esbuild produced no prelude for the function sandbox');
  return file.text;
}
