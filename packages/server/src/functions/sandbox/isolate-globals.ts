// The first code of every isolate (bundled by esbuild into the prelude, sandbox-client.ts): the web globals a
// function may expect — console, timers, queueMicrotask, URL, URLSearchParams, Buffer, TextEncoder,
// TextDecoder, atob, btoa — built on the one way out the sandbox gives it: an isolated-vm Callback
// (`__terapiPost`: a plain function taking strings, not a Reference to anything of the host) that posts a
// message, asks for a helper call or waits, and `__terapiDeliver`, which the host calls with the answer.
// This code takes both and removes them from the global object before the function's code runs; the bundle
// is strict mode, so no stack frame gives them away.
import './isolate-encoding.js';
import { lazyGlobal } from './lazy-global.js';

type Listener = (message: unknown) => void;

const g = globalThis as Record<string, unknown>;
const hostPost = g.__terapiPost as (kind: string, payload: string, askId: number, args?: string, text?: string) => void;
delete g.__terapiPost;

const post = (message: unknown): void => hostPost('post', JSON.stringify(message), 0);
// An ask waits for the host to call __terapiDeliver with its id (the sandbox takes that function before the
// function's code runs).
// A helper's reply may come with `data`, the text of its `value.data` sent beside the JSON (sandbox-protocol.ts).
type Answer = { answer: string; data: string | null };
const waiting = new Map<number, (answer: Answer) => void>();
let nextAsk = 1;
g.__terapiDeliver = (askId: number, answer: string, data: string | null): void => {
  const resolve = waiting.get(askId);
  if (!resolve) return;
  waiting.delete(askId);
  resolve({ answer, data: typeof data === 'string' ? data : null });
};
const ask = (kind: string, payload: string, args?: string, text?: string): Promise<Answer> =>
  new Promise((resolve) => {
    const askId = nextAsk++;
    waiting.set(askId, resolve);
    hostPost(kind, payload, askId, args, text);
  });

// The function runtime's port (sdk/host-protocol.ts RuntimePort): a helper call waits for its reply; any
// other message is posted.
const listeners: Listener[] = [];
g.__terapiPort = {
  postMessage(message: { type: string }) {
    if (message.type !== 'call') return post(message);
    // The call and its arguments go as two texts, and a call's long text (a batch of records as JSON) as a
    // third: the sandbox reads the call's few fields and passes the others on to the terapi process unparsed.
    const { args, text, ...call } = message as { type: string; args?: unknown; text?: unknown };
    void ask('call', JSON.stringify(call), JSON.stringify(args ?? []), typeof text === 'string' ? text : undefined).then(({ answer, data }) => {
      const parsed = JSON.parse(answer) as { value?: { data?: unknown } };
      if (data !== null && parsed.value) parsed.value.data = data;
      for (const l of listeners) l(parsed);
    });
  },
  on(event: string, listener: Listener) {
    if (event === 'message') listeners.push(listener);
  },
};

function format(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return a.stack ?? `${a.name}: ${a.message}`;
      try {
        return JSON.stringify(a) ?? String(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}
const log = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => post({ type: 'log', level, message: format(args) });
g.console = { debug: log('debug'), log: log('info'), info: log('info'), warn: log('warn'), error: log('error'), trace: log('debug') };

// Timers wait in the sandbox process, not in the isolate: a timer is a promise the host resolves later.
let nextTimer = 1;
const cancelled = new Set<number>();
function schedule(fn: unknown, ms: unknown, args: unknown[], repeat: boolean): number {
  const id = nextTimer++;
  const delay = Math.max(0, Number(ms) || 0);
  const tick = (): void => {
    ask('sleep', String(delay)).then(() => {
      if (cancelled.has(id)) return void cancelled.delete(id);
      if (typeof fn === 'function') (fn as (...a: unknown[]) => void)(...args);
      if (repeat) tick();
    });
  };
  tick();
  return id;
}
const cancel = (id: unknown): void => {
  if (typeof id === 'number' && id > 0 && id < nextTimer) cancelled.add(id);
};
g.setTimeout = (fn: unknown, ms?: unknown, ...args: unknown[]) => schedule(fn, ms, args, false);
g.setInterval = (fn: unknown, ms?: unknown, ...args: unknown[]) => schedule(fn, ms, args, true);
g.setImmediate = (fn: unknown, ...args: unknown[]) => schedule(fn, 0, args, false);
g.clearTimeout = cancel;
g.clearInterval = cancel;
g.clearImmediate = cancel;
g.queueMicrotask = (fn: () => void) => void Promise.resolve().then(fn);

// whatwg-url builds its IDNA tables when it loads (tens of ms): only for a run that uses URL.
lazyGlobal('URL', () => (require('whatwg-url') as typeof import('whatwg-url')).URL);
lazyGlobal('URLSearchParams', () => (require('whatwg-url') as typeof import('whatwg-url')).URLSearchParams);
