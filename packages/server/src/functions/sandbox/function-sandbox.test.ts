// Issue 9 §1–2, written as the attacks: deployed code that tries every way out of the sandbox, a loopback
// listener that must receive nothing, memory bombs of every kind, a log flood, while terapi's own event loop
// and memory stay as they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { FunctionRunner } from '../runner/run-function.js';
import { MAX_CONCURRENT_RUNS } from '../runner/run-slots.js';
import { describeBundle } from '../describe-bundle.js';
import type { FunctionHost } from '../runner/function-host.js';
import { bundleFixtures } from '../testing/function-fixtures.js';
import type { BuiltFunction } from '../bundler/build-functions.js';

const runner = new FunctionRunner();
after(() => runner.close());

const SECRET = 'terapi-test-secret-that-must-not-leak';
let listener: Server;
let hits = 0;
let port = 0;
let fns: Map<string, BuiltFunction>;
const bundle = (name: string) => fns.get(name)!.bundle;

function host(logs: { level: string; message: string }[] = []): FunctionHost {
  const refuse = () => Promise.reject(new Error('not in this test'));
  return {
    proxy: refuse,
    getConnection: refuse,
    getMetadata: async () => null,
    setMetadata: refuse,
    updateMetadata: refuse,
    log: (level, message) => void logs.push({ level, message }),
    batchSave: refuse,
    batchUpdate: refuse,
    batchDelete: refuse,
    getCheckpoint: refuse,
    saveCheckpoint: refuse,
    clearCheckpoint: refuse,
    trackDeletesStart: refuse,
    trackDeletesEnd: refuse,
    setRunNote: refuse,
    lastSyncDate: null,
  };
}

const action = (name: string, body: string) => ({
  kind: 'action' as const,
  name,
  source: `import { createAction } from 'terapi';\nimport * as z from 'zod';\nexport default createAction({ description: '${name}', input: z.any(), output: z.any(), exec: async (nango, input) => { ${body} } });\n`,
});

// Each probe names an API by a computed string, so the bundler's own refusal of Node builtins cannot be what
// stops it: only the sandbox can.
const ESCAPES = `
  const G = globalThis;
  const at = (name) => name.split('.').reduce((o, k) => (o == null ? undefined : o[k]), G);
  const probe = async (f) => { try { const v = await f(); return typeof v === 'function' ? 'function' : (JSON.stringify(v) ?? String(v)); } catch (e) { return 'refused: ' + (e && e.name); } };
  const host = '127.0.0.1:' + input.port;
  return {
    process: await probe(() => typeof at('process')),
    env: await probe(() => at('process').env),
    report: await probe(() => at('process').report.getReport()),
    binding: await probe(() => at('process').binding('fs')),
    require: await probe(() => at('require')('fs').readFileSync('/proc/self/environ', 'utf8')),
    moduleLoad: await probe(() => at('module').constructor._load('fs')),
    constructorChain: await probe(() => (() => {}).constructor('return typeof process')()),
    newFunction: await probe(() => new Function('return typeof require + typeof process + typeof global')()),
    indirectEval: await probe(() => (0, eval)('typeof process')),
    dynamicImport: await probe(() => import(['node', 'fs'].join(':'))),
    fetch: await probe(() => at('fetch')('http://' + host + '/fetch')),
    xhr: await probe(() => new (at('XMLHttpRequest'))()),
    webSocket: await probe(() => new (at('WebSocket'))('ws://' + host + '/ws')),
    inspector: await probe(() => at('process').binding('inspector')),
    webAssembly: await probe(() => typeof at('WebAssembly')),
    sharedArrayBuffer: await probe(() => new SharedArrayBuffer(1024).byteLength),
    timers: await probe(() => new Promise((r) => setTimeout(() => r('fired'), 5))),
    url: await probe(() => new URL('/a?b=1', 'https://x.my.salesforce.com').searchParams.get('b')),
    buffer: await probe(() => Buffer.from('terapi').toString('base64')),
    // Called back from the prelude's timer code: its frames must not hand out the prelude's functions.
    stackFrames: await probe(() => new Promise((r) => setTimeout(() => { Error.prepareStackTrace = (e, frames) => frames.map((f) => f.getFileName() + ':' + typeof f.getFunction()); const s = new Error().stack; delete Error.prepareStackTrace; r(s); }, 0))),
    globals: Object.getOwnPropertyNames(G).sort(),
  };
`;

before(async () => {
  process.env.TERAPI_SANDBOX_TEST_SECRET = SECRET;
  listener = createServer((_req, res) => {
    hits++;
    res.end('reached');
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  port = (listener.address() as AddressInfo).port;
  fns = await bundleFixtures([
    action('escapes', ESCAPES),
    action('buffer-bomb', `const keep = []; for (;;) keep.push(Buffer.alloc(8 * 1024 * 1024, 1));`),
    action('arraybuffer-bomb', `const keep = []; for (;;) keep.push(new Uint8Array(16 * 1024 * 1024).fill(7));`),
    action('string-bomb', `let s = 'x'; const keep = []; for (;;) { s = s + s; keep.push(s + Math.random()); if (s.length > 1e8) s = 'y' + Math.random(); }`),
    action('async-bomb', `const keep = []; for (;;) { await new Promise((r) => setTimeout(r, 0)); keep.push(new Array(1e5).fill(Math.random())); }`),
    action('log-flood', `for (let i = 0; i < 30000; i++) console.log('line ' + i + ' ' + 'x'.repeat(100)); return 'done';`),
    action('hold', `await new Promise((r) => setTimeout(r, 1500)); return 'held';`),
    action('timer-flood', `for (let i = 0; i < 20000; i++) setTimeout(() => {}, 60000); return 'never';`),
  ]);
});

after(async () => {
  delete process.env.TERAPI_SANDBOX_TEST_SECRET;
  await new Promise<void>((r) => listener.close(() => r()));
});

test('a function that tries every way out reaches nothing but its helper, and terapi’s secrets are nowhere in it', async () => {
  const r = await runner.run({ bundle: bundle('escapes'), kind: 'action', input: { port }, host: host(), timeoutMs: 10_000, memoryMb: 64 });
  assert.equal(r.ok, true, JSON.stringify(r));
  const out = (r.ok ? r.output : {}) as Record<string, unknown>;
  assert.equal(out.process, '"undefined"');
  for (const k of ['env', 'report', 'binding', 'require', 'moduleLoad', 'fetch', 'xhr', 'webSocket', 'inspector']) {
    assert.match(String(out[k]), /^refused: (TypeError|ReferenceError)$/, `${k}: ${String(out[k])}`);
  }
  assert.equal(out.constructorChain, '"undefined"', 'the Function constructor reaches the isolate, not Node');
  assert.equal(out.newFunction, '"undefinedundefinedundefined"');
  assert.equal(out.indirectEval, '"undefined"');
  assert.match(String(out.dynamicImport), /^refused: /);
  assert.equal(out.webAssembly, '"undefined"', 'WebAssembly memory would escape the memory limit');
  assert.equal(out.sharedArrayBuffer, '1024', 'a SharedArrayBuffer is an ordinary, counted allocation');
  assert.equal(out.timers, '"fired"');
  assert.equal(out.url, '"1"');
  assert.equal(out.buffer, '"dGVyYXBp"');
  assert.match(String(out.stackFrames), /terapi-globals\.js:undefined/);
  assert.doesNotMatch(String(out.stackFrames), /terapi-globals\.js:function/, 'no prelude frame hands out its function (strict mode)');
  // Every global is either ECMAScript's or one of the prelude's documented web globals: nothing of Node.
  const prelude = ['Buffer', 'TextDecoder', 'TextEncoder', 'URL', 'URLSearchParams', 'atob', 'btoa', 'clearImmediate', 'clearInterval', 'clearTimeout', 'console', 'queueMicrotask', 'setImmediate', 'setInterval', 'setTimeout'];
  const ecmascript = new Set(Object.getOwnPropertyNames(globalThis).filter((n) => !/^[a-z]/.test(n) || ['globalThis', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape', 'eval', 'isFinite', 'isNaN', 'parseFloat', 'parseInt'].includes(n)));
  const bundleOwn = ['__zod_globalConfig', '__zod_globalRegistry', 'undefined'];
  const foreign = (out.globals as string[]).filter((n) => !prelude.includes(n) && !ecmascript.has(n) && !bundleOwn.includes(n));
  assert.deepEqual(foreign, [], 'globals that are neither ECMAScript nor the prelude');
  assert.equal(hits, 0, 'the loopback listener received nothing');
  assert.doesNotMatch(JSON.stringify(r), new RegExp(SECRET));
});

test('the sandbox process never held terapi’s environment or its database connections', { skip: process.platform !== 'linux' }, async () => {
  const r = await runner.run({ bundle: bundle('escapes'), kind: 'action', input: { port }, host: host(), timeoutMs: 10_000, memoryMb: 64 });
  assert.equal(r.ok, true);
  const pid = runner.sandboxPid;
  assert.ok(pid, 'the sandbox process is running');
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  assert.deepEqual(environ.filter((v) => !v.startsWith('NODE_CHANNEL_')), [], 'its environment holds only the IPC channel Node sets up');
  assert.notEqual(pid, process.pid);
  // Beyond standard input, output and error (which may be socket pairs when a test runner pipes them):
  const sockets = readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    if (Number(fd) <= 2) return false;
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  });
  assert.equal(sockets.length, 1, 'its only socket is the IPC channel to terapi');
});

for (const [name, what] of [
  ['buffer-bomb', 'Buffers'],
  ['arraybuffer-bomb', 'typed arrays'],
  ['string-bomb', 'strings'],
  ['async-bomb', 'heap, between awaits'],
] as const) {
  test(`a memory bomb of ${what} fails its run with function_memory_limit, and terapi's memory stays put`, async () => {
    const rssBefore = process.memoryUsage().rss;
    const r = await runner.run({ bundle: bundle(name), kind: 'action', host: host(), timeoutMs: 60_000, memoryMb: 64 });
    assert.equal(!r.ok && r.error.code, 'function_memory_limit', JSON.stringify(r));
    assert.equal(!r.ok && r.error.message, 'The function used more than its 64 MB memory limit (heap, strings and buffers) and was stopped.');
    // A memory bound, not a timing one: the bomb allocated far more than this in the sandbox, none of it here.
    assert.ok(process.memoryUsage().rss - rssBefore < 64 * 1024 * 1024, 'terapi’s resident memory did not take the bomb');
  });
}

test('a log flood is cut at the run’s line limit, with a note that it was cut', async () => {
  const logs: { level: string; message: string }[] = [];
  const r = await runner.run({ bundle: bundle('log-flood'), kind: 'action', host: host(logs), timeoutMs: 30_000, memoryMb: 64 });
  assert.deepEqual(r, { ok: true, output: 'done', invalidRecords: [] });
  assert.ok(logs.length <= 10_001, `${logs.length} lines reached the host`);
  assert.ok(logs.length > 1000);
  assert.deepEqual(logs.at(-1), { level: 'warn', message: 'Log output cut: this run wrote more than 10000 lines or 4194304 bytes of logs; the rest is dropped.' });
});

test('timers are bounded per run; a run ends when its function returns, whatever it left scheduled', async () => {
  const r = await runner.run({ bundle: bundle('timer-flood'), kind: 'action', host: host(), timeoutMs: 10_000, memoryMb: 64 });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.code, 'function_error');
  assert.match(!r.ok ? r.error.message : '', /at most 10000 timers/);
});

test('many hostile runs at once: terapi’s event loop keeps turning and each run fails on its own', async () => {
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 5);
  const runs = await Promise.all(
    Array.from({ length: 6 }, (_, i) => runner.run({ bundle: bundle(i % 2 ? 'buffer-bomb' : 'string-bomb'), kind: 'action', host: host(), timeoutMs: 60_000, memoryMb: 48 })),
  );
  clearInterval(ticker);
  assert.deepEqual(
    runs.map((r) => !r.ok && r.error.code),
    Array(6).fill('function_memory_limit'),
  );
  assert.ok(ticks > 0);
  const healthy = await runner.run({ bundle: bundle('escapes'), kind: 'action', input: { port }, host: host(), timeoutMs: 10_000, memoryMb: 64 });
  assert.equal(healthy.ok, true, 'the sandbox serves the next run');
});

test('runs per process are bounded, deploy-time reads included: with every slot taken, reading a definition waits its turn', async () => {
  const order: string[] = [];
  const holds = Array.from({ length: MAX_CONCURRENT_RUNS }, (_, i) =>
    runner.run({ bundle: bundle('hold'), kind: 'action', host: host(), timeoutMs: 30_000, memoryMb: 32 }).then((r) => {
      order.push(`hold ${i}`);
      return r;
    }),
  );
  const described = describeBundle(runner, bundle('hold')).then((d) => {
    order.push('describe');
    return d;
  });
  assert.deepEqual((await Promise.all(holds)).map((r) => r.ok), Array(MAX_CONCURRENT_RUNS).fill(true));
  assert.equal((await described).ok, true);
  assert.notEqual(order[0], 'describe', 'the definition was read only once a run had given its slot back');
});
