// The function sandbox process (issue 9 §1). sandbox-client.ts starts it from a fresh executable image with an
// empty environment, no inherited file handles but its IPC channel, Node's permission model (it may read
// only its own folder and isolated-vm; no file writes, no child processes, no workers) and WebAssembly
// switched off. Each run gets a new V8 isolate (isolated-vm): inside it there is no `process`, `require`,
// file system, network, inspector or Node API of any kind, only the language, the prelude's web globals
// (isolate-globals.ts) and one Callback (`hostFunction` below) that posts messages, relays helper calls to
// the terapi process and waits for timers; answers go back by calling the isolate's own deliver function.
// Only strings cross, and the isolate never holds a Reference to anything of this process. The isolate's memory limit counts its heap, strings and
// every ArrayBuffer; over it V8 stops the isolate and the run fails with function_memory_limit.
// This file holds no secret and imports nothing of terapi's at run time (types only).
import { createHash } from 'node:crypto';
import ivm from 'isolated-vm';
import type { WorkerToHost } from '../sdk/host-protocol.js';
import type { FromSandbox, SandboxEndCode, SandboxRunLimits, SandboxStart, ToSandbox } from './sandbox-protocol.js';

/** Helper calls a run may have in flight; more fail (the isolate-side helper awaits each call). */
const MAX_PENDING_CALLS = 64;
/** Timers a run may have waiting at once. */
const MAX_PENDING_TIMERS = 10_000;

let prelude: string | undefined;
const runs = new Map<number, SandboxRun>();

/**
 * V8's code cache for the prelude and the most recent bundles: compiling is most of a small run's cost, and
 * a cache entry is the compiler's output for code terapi already holds, not data a function controls.
 */
const CODE_CACHE_ENTRIES = 64;
const codeCache = new Map<string, ivm.ExternalCopy<ArrayBuffer>>();

async function compile(isolate: ivm.Isolate, code: string, filename: string): Promise<ivm.Script> {
  const key = `${filename}:${createHash('sha256').update(code).digest('base64')}`;
  const cachedData = codeCache.get(key);
  const script = (await isolate.compileScript(code, cachedData ? { filename, cachedData } : { filename, produceCachedData: true })) as ivm.Script & {
    cachedData?: ivm.ExternalCopy<ArrayBuffer>;
    cachedDataRejected?: boolean;
  };
  if (cachedData && !script.cachedDataRejected) {
    codeCache.delete(key);
    codeCache.set(key, cachedData); // most recently used last
  } else if (script.cachedData) {
    codeCache.delete(key);
    codeCache.set(key, script.cachedData);
    if (codeCache.size > CODE_CACHE_ENTRIES) codeCache.delete(codeCache.keys().next().value!);
  }
  return script;
}

function send(message: FromSandbox): void {
  process.send?.(message);
}

const mib = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

class SandboxRun {
  readonly #calls = new Map<number, (reply: string, data: string | null) => void>();
  #deliver: ivm.Reference<(askId: number, answer: string, data: string | null) => void> | undefined;
  readonly #timers = new Set<NodeJS.Timeout>();
  #isolate: ivm.Isolate | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #logLines = 0;
  #logBytes = 0;
  #logCut = false;
  ended = false;

  constructor(readonly id: number, readonly limits: SandboxRunLimits) {}

  async start(bundle: string, start: SandboxStart): Promise<void> {
    const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, this.limits.memoryMb) });
    this.#isolate = isolate;
    this.#deadline = setTimeout(
      () => this.end({ code: 'function_timeout', message: `The function ran longer than its ${this.limits.timeoutMs} ms limit and was stopped.` }),
      this.limits.timeoutMs,
    );
    try {
      const context = await isolate.createContext();
      await context.global.set('__terapiPost', new ivm.Callback(this.hostFunction, { ignored: true }));
      await (await compile(isolate, prelude ?? '', 'terapi-globals.js')).run(context);
      this.#deliver = (await context.global.get('__terapiDeliver', { reference: true })) as ivm.Reference<(askId: number, answer: string, data: string | null) => void>;
      await context.global.delete('__terapiDeliver');
      // The loader is the same code for every run of a bundle (so its code cache applies); the run's start
      // goes in as an argument.
      const load = (await (await compile(isolate, loaderCode(bundle), 'function.js')).run(context, { reference: true })) as ivm.Reference<(start: string) => void>;
      await load.apply(undefined, [JSON.stringify(start)], { arguments: { copy: true } });
      load.release();
    } catch (err) {
      this.endFromError(err);
    }
  }

  /** The isolate's only way out. Arguments arrive as copies (strings); only strings go back in. */
  readonly hostFunction = (kind: unknown, payload: unknown, askId: unknown, args?: unknown, text?: unknown): void => {
    if (this.ended || typeof payload !== 'string' || typeof askId !== 'number') return;
    try {
      // A helper call's arguments come as their own JSON text, passed on unparsed (the terapi process parses it),
      // and its long text (a batch of records) beside them, passed on as it is.
      const argsJson = kind === 'call' && typeof args === 'string' ? args : '[]';
      const callText = kind === 'call' && typeof text === 'string' ? text : undefined;
      if (payload.length + argsJson.length + (callText?.length ?? 0) > this.limits.messageBytes) {
        throw new RangeError(`A message from the function was larger than the ${mib(this.limits.messageBytes)} limit; save records in smaller batches and return smaller results.`);
      }
      if (kind === 'post') return this.post(JSON.parse(payload) as WorkerToHost);
      if (kind === 'call') return this.call(JSON.parse(payload) as WorkerToHost, argsJson, callText, askId);
      if (kind === 'sleep') return this.sleep(Number(payload), askId);
    } catch (err) {
      // A helper call that cannot be made fails inside the function; anything else ends the run.
      if (kind === 'call') {
        const id = (safeParse(payload) as { id?: unknown } | undefined)?.id;
        return this.deliver(askId, JSON.stringify({ type: 'reply', id, ok: false, error: { message: (err as Error).message } }));
      }
      this.end({ code: 'function_error', message: (err as Error).message });
    }
  };

  /** `data`: a reply's body text sent beside its JSON (sandbox-protocol.ts), or null. */
  private deliver(askId: number, answer: string, data: string | null = null): void {
    if (this.ended || !this.#deliver) return;
    this.#deliver.apply(undefined, [askId, answer, data], { arguments: { copy: true } }).catch(() => {
      // the isolate is gone (disposed at its limit or ended); checkIsolate reports it
    });
  }

  private post(message: WorkerToHost): void {
    if (message.type === 'log') return this.log(message);
    if (message.type === 'done') {
      send({ type: 'function', runId: this.id, message: { type: 'done', output: message.output, invalidRecords: message.invalidRecords } });
      return this.end();
    }
    if (message.type === 'failed') {
      // An ArrayBuffer refused by the isolate's allocator surfaces as this RangeError inside the function.
      if (/Array buffer allocation failed/.test(String(message.error?.message))) return this.end(memoryLimit(this.limits));
      send({ type: 'function', runId: this.id, message: { type: 'failed', error: message.error, invalidRecords: message.invalidRecords } });
      return this.end();
    }
  }

  private log(message: Extract<WorkerToHost, { type: 'log' }>): void {
    if (this.#logCut) return;
    const text = String(message.message);
    this.#logLines += 1;
    this.#logBytes += Buffer.byteLength(text) + (message.data === undefined ? 0 : Buffer.byteLength(JSON.stringify(message.data) ?? ''));
    if (this.#logLines > this.limits.logLines || this.#logBytes > this.limits.logBytes) {
      this.#logCut = true;
      const note = `Log output cut: this run wrote more than ${this.limits.logLines} lines or ${this.limits.logBytes} bytes of logs; the rest is dropped.`;
      send({ type: 'function', runId: this.id, message: { type: 'log', level: 'warn', message: note } });
      return;
    }
    send({ type: 'function', runId: this.id, message: { type: 'log', level: message.level, message: text, ...(message.data !== undefined ? { data: message.data } : {}) } });
  }

  private call(message: WorkerToHost, argsJson: string, text: string | undefined, askId: number): void {
    if (message.type !== 'call' || typeof message.id !== 'number') throw new TypeError('A helper call needs a numeric id.');
    if (this.#calls.size >= MAX_PENDING_CALLS) throw new RangeError(`A function may have at most ${MAX_PENDING_CALLS} helper calls in flight; await them.`);
    this.#calls.set(message.id, (reply, data) => this.deliver(askId, reply, data));
    send({ type: 'call', runId: this.id, id: message.id, method: message.method, argsJson, ...(text !== undefined ? { text } : {}) });
  }

  /** `json`: the reply as the terapi process serialized it; the isolate parses it and sets `data` back on it. */
  reply(id: number, json: string, data: string | null): void {
    const resolve = this.#calls.get(id);
    if (!resolve) return;
    this.#calls.delete(id);
    resolve(json, data);
  }

  private sleep(ms: number, askId: number): void {
    if (this.#timers.size >= MAX_PENDING_TIMERS) throw new RangeError(`A function may have at most ${MAX_PENDING_TIMERS} timers waiting.`);
    const delay = Math.min(Math.max(0, Number.isFinite(ms) ? ms : 0), this.limits.timeoutMs);
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.deliver(askId, '');
    }, delay);
    this.#timers.add(t);
  }

  /** Called for a failure of the run's own set-up or of code that ran synchronously in it. */
  endFromError(err: unknown): void {
    if (this.ended) return;
    const message = err instanceof Error ? err.message : String(err);
    if (/memory limit/i.test(message) || /Array buffer allocation failed/.test(message)) return this.end(memoryLimit(this.limits));
    this.end({ code: 'function_error', message: `The function failed while loading: ${message}` });
  }

  /** A disposed isolate that this run did not dispose was stopped by V8 at its memory limit. */
  checkIsolate(): void {
    if (!this.ended && this.#isolate?.isDisposed) this.end(memoryLimit(this.limits));
  }

  end(error?: { code: SandboxEndCode; message: string }): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.#deadline);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#calls.clear();
    this.#deliver?.release();
    this.#deliver = undefined;
    try {
      if (this.#isolate && !this.#isolate.isDisposed) this.#isolate.dispose();
    } catch {
      // already gone
    }
    runs.delete(this.id);
    if (error) send({ type: 'ended', runId: this.id, error });
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function memoryLimit(limits: SandboxRunLimits): { code: SandboxEndCode; message: string } {
  return { code: 'function_memory_limit', message: `The function used more than its ${limits.memoryMb} MB memory limit (heap, strings and buffers) and was stopped.` };
}

/** A function that loads the bundle as a CommonJS module inside the isolate and hands the runtime its port and start. */
function loaderCode(bundle: string): string {
  return `(function (startJson) {
  var port = globalThis.__terapiPort;
  delete globalThis.__terapiPort;
  var fail = function (message) { port.postMessage({ type: 'failed', error: { code: 'function_error', message: message }, invalidRecords: [] }); };
  var mod = { exports: {} };
  try {
    (function (module, exports) {
${bundle}
    }).call(undefined, mod, mod.exports);
  } catch (err) {
    fail('The function failed while loading: ' + (err && err.stack ? err.stack : String(err)));
    return;
  }
  if (typeof mod.exports.__terapiRuntime !== 'function') fail('This bundle has no terapi runtime; redeploy it with \`terapi deploy\`.');
  else mod.exports.__terapiRuntime(port, JSON.parse(startJson), mod.exports.default);
})`;
}

process.on('message', (message: ToSandbox) => {
  switch (message.type) {
    case 'init':
      prelude = message.prelude;
      send({ type: 'ready' });
      return;
    case 'run': {
      const run = new SandboxRun(message.runId, message.limits);
      runs.set(message.runId, run);
      void run.start(message.bundle, message.start);
      return;
    }
    case 'reply':
      if (typeof message.json === 'string') runs.get(message.runId)?.reply(message.id, message.json, typeof message.data === 'string' ? message.data : null);
      return;
    case 'cancel':
      runs.get(message.runId)?.end();
      return;
  }
});

// V8 disposes an isolate over its memory limit while it runs asynchronously; notice it.
setInterval(() => {
  for (const run of runs.values()) run.checkIsolate();
}, 100).unref();

// The terapi process that started us is gone: so are we.
process.on('disconnect', () => process.exit(0));
