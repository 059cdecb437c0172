import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FunctionRunner } from './run-function.js';
import { batchRecords } from '../sdk/record-batch.js';
import type { FunctionHost, ProxyRequest, ProxyResponse } from './function-host.js';
import { bundleFixtures } from '../testing/function-fixtures.js';
import type { BuiltFunction } from '../bundler/build-functions.js';

const runner = new FunctionRunner();
after(() => runner.close());

/** A host that keeps what the function asked for, as syncs' and actions' hosts would store it. */
function recordingHost(overrides: Partial<FunctionHost> = {}) {
  const saved: { model: string; records: Record<string, unknown>[] }[] = [];
  const logs: { level: string; message: string; data?: unknown }[] = [];
  const host: FunctionHost = {
    proxy: async (req: ProxyRequest) => ({ status: 404, headers: { 'content-type': 'application/json' }, data: [{ errorCode: 'NOT_FOUND', endpoint: req.endpoint }] }),
    getConnection: async () => ({ connection_id: 'c-1' }),
    getMetadata: async () => null,
    setMetadata: async () => {},
    updateMetadata: async () => {},
    log: (level, message, data) => void logs.push({ level, message, ...(data !== undefined ? { data } : {}) }),
    batchSave: async (model, records, payloads) => void saved.push({ model, records: batchRecords(records, payloads) }),
    batchUpdate: async () => {},
    batchDelete: async () => {},
    getCheckpoint: async () => null,
    saveCheckpoint: async () => {},
    clearCheckpoint: async () => {},
    trackDeletesStart: async () => {},
    trackDeletesEnd: async () => {},
    setRunNote: async () => {},
    lastSyncDate: null,
    ...overrides,
  };
  return { host, saved, logs };
}

const action = (name: string, body: string, io = 'input: z.any(), output: z.any(),') => ({
  kind: 'action' as const,
  name,
  source: `import { createAction, ActionError } from 'terapi';\nimport * as z from 'zod';\nexport default createAction({ description: '${name}', ${io} exec: async (nango, input) => { ${body} } });\n`,
});

let fns: Map<string, BuiltFunction>;
const bundle = (name: string) => fns.get(name)!.bundle;
const limits = { timeoutMs: 5_000, memoryMb: 48 };

before(async () => {
  fns = await bundleFixtures([
    action('double', `nango.log('doubling', { level: 'debug' }); return { doubled: input.n * 2 };`, 'input: z.object({ n: z.number() }), output: z.object({ doubled: z.number() }),'),
    action('wrong-output', `return { doubled: 'two' };`, 'input: z.object({ n: z.number() }), output: z.object({ doubled: z.number() }),'),
    action('loop', `for (;;) {}`),
    action('bomb', `const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random()));`),
    action('throws', `throw new TypeError('the answer is not 42');`),
    action('exits', `process.exit(3);`),
    action('refuses', `throw new ActionError({ message: 'no such account', accountId: input.id });`),
    action('upstream', `await nango.get({ endpoint: '/services/data/v60.0/sobjects/Account/001' }); return 'unreachable';`),
    action('host-error', `await nango.getMetadata(); return 'never';`),
    action('bodies', `const json = await nango.get({ endpoint: '/json' }); const text = await nango.get({ endpoint: '/text' }); const none = await nango.get({ endpoint: '/empty' });
      return { json: json.data, jsonHeaders: json.headers, text: text.data, none: none.data, status: text.status };`),
    action('odd-host', `return await nango.getConnection().then(() => 'cloned', (e) => e.message);`),
    action(
      'reach',
      `return { env: Object.keys(process.env).length, require: typeof require, fetch: typeof fetch, kill: typeof process.kill, getBuiltinModule: typeof process.getBuiltinModule,
        dynamicImport: await import('node:fs').then(() => 'loaded', (e) => e.code ?? e.message) };`,
    ),
    {
      kind: 'sync',
      name: 'many',
      source: `import { createSync } from 'terapi';\nimport { z } from 'zod';\nexport default createSync({ description: 'many', frequency: 'every hour', syncType: 'full', models: { Thing: z.object({ id: z.string() }) },\n  exec: async (nango) => { await nango.batchSave(Array.from({ length: 12001 }, (_, i) => ({ id: String(i) })), 'Thing'); } });\n`,
    },
    {
      kind: 'sync',
      name: 'things',
      source: `import { createSync } from 'terapi';\nimport { z } from 'zod';\nconst Thing = z.object({ id: z.string(), name: z.string(), size: z.number().optional() });\nexport default createSync({ description: 'things', frequency: 'every hour', autoStart: true, syncType: 'full', models: { Thing },\n  exec: async (nango) => { await nango.batchSave([{ id: '1', name: 'a' }, { id: '2', name: 'b', size: 'big' }, { name: 'no id' }, { id: '3', name: 'c' }, { id: '4', name: 'nul \\u0000' }, { id: '5', name: 'lone \\ud800' }], 'Thing'); } });\n`,
    },
  ]);
});

test('an action returns its output and its logs reach the host', async () => {
  const { host, logs } = recordingHost();
  const r = await runner.run({ bundle: bundle('double'), kind: 'action', input: { n: 21 }, host, ...limits });
  assert.deepEqual(r, { ok: true, output: { doubled: 42 }, invalidRecords: [] });
  assert.deepEqual(logs, [{ level: 'debug', message: 'doubling' }]);
});

test('input and output are validated against the action schemas', async () => {
  const { host } = recordingHost();
  const bad = await runner.run({ bundle: bundle('double'), kind: 'action', input: { n: 'x' }, host, ...limits });
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.error.code, 'invalid_input');
  assert.deepEqual(!bad.ok && bad.error.payload, [{ code: 'invalid_type', message: 'Invalid input: expected number, received string', path: ['n'] }]);
  const out = await runner.run({ bundle: bundle('wrong-output'), kind: 'action', input: { n: 1 }, host, ...limits });
  assert.equal(!out.ok && out.error.code, 'invalid_output');
  assert.match(!out.ok ? out.error.message : '', /doubled/);
});

test('a bad record (wrong type, no id, text PostgreSQL cannot store) is reported with its id and failing field and skipped, the rest of the batch is saved', async () => {
  const { host, saved } = recordingHost();
  const r = await runner.run({ bundle: bundle('things'), kind: 'sync', host, ...limits });
  assert.deepEqual(r, {
    ok: true,
    output: null,
    invalidRecords: [
      { model: 'Thing', id: '2', field: 'size', message: 'Invalid input: expected number, received string' },
      { model: 'Thing', id: undefined, field: 'id', message: 'a record needs an id (string or number)' },
      { model: 'Thing', id: '4', field: 'name', message: 'holds a NUL (\\u0000) or an unpaired surrogate, which cannot be stored' },
      { model: 'Thing', id: '5', field: 'name', message: 'holds a NUL (\\u0000) or an unpaired surrogate, which cannot be stored' },
    ],
  });
  assert.deepEqual(saved, [{ model: 'Thing', records: [{ id: '1', name: 'a' }, { id: '3', name: 'c' }] }]);
});

test('a very large batch reaches the host in slices of 5,000, in order, each as its JSON text', async () => {
  const texts: unknown[] = [];
  const { host, saved } = recordingHost();
  const save = host.batchSave;
  host.batchSave = (model, records, payloads) => {
    texts.push(payloads);
    return save(model, records, payloads);
  };
  const r = await runner.run({ bundle: bundle('many'), kind: 'sync', host, ...limits });
  // The host is given the ids and, beside them, the payloads' JSON text the function's SDK wrote, to bind unparsed.
  assert.deepEqual(texts.map((t) => typeof t), ['string', 'string', 'string']);
  assert.equal(texts[2], JSON.stringify(Array.from({ length: 2001 }, () => ({}))));
  assert.equal(r.ok, true);
  assert.deepEqual(saved.map((b) => b.records.length), [5000, 5000, 2001]);
  assert.deepEqual(saved.flatMap((b) => b.records.map((x) => x.id)), Array.from({ length: 12001 }, (_, i) => String(i)));
});

test('a large batch keeps two slices in flight: the next crosses while the host writes the previous, never a third', async () => {
  const arrived: number[] = [];
  const answers: Array<() => void> = [];
  const { host } = recordingHost({
    batchSave: (_model, records, payloads) => {
      arrived.push(batchRecords(records, payloads).length);
      return new Promise<void>((resolve) => answers.push(resolve));
    },
  });
  const run = runner.run({ bundle: bundle('many'), kind: 'sync', host, ...limits });
  const until = async (n: number) => {
    for (let waited = 0; arrived.length < n; waited += 5) {
      if (waited > 4_000) throw new Error(`only ${arrived.length} slices arrived`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  await until(2);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(arrived, [5000, 5000], 'slice 2 was sent before slice 1 was answered, slice 3 was not');
  answers[0]!();
  await until(3);
  assert.deepEqual(arrived, [5000, 5000, 2001]);
  answers[1]!();
  answers[2]!();
  assert.equal((await run).ok, true);
});

test('an infinite loop is stopped at the wall-clock limit while the server keeps serving', async () => {
  const { host } = recordingHost();
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 10);
  const r = await runner.run({ bundle: bundle('loop'), kind: 'action', host, timeoutMs: 400, memoryMb: 48 });
  clearInterval(ticker);
  assert.deepEqual(r, { ok: false, error: { code: 'function_timeout', message: 'The function ran longer than its 400 ms limit and was stopped.' } });
  assert.ok(ticks > 0, 'the main event loop ran while the function looped');
});

test('a memory bomb fails its run with function_memory_limit', async () => {
  const { host } = recordingHost();
  const r = await runner.run({ bundle: bundle('bomb'), kind: 'action', host, timeoutMs: 30_000, memoryMb: 32 });
  assert.deepEqual(r, { ok: false, error: { code: 'function_memory_limit', message: 'The function used more than its 32 MB memory limit (heap, strings and buffers) and was stopped.' } });
});

test('a thrown error and a call of process.exit fail the run only', async () => {
  const { host } = recordingHost();
  const thrown = await runner.run({ bundle: bundle('throws'), kind: 'action', host, ...limits });
  assert.equal(!thrown.ok && thrown.error.code, 'function_error');
  assert.equal(!thrown.ok && thrown.error.message, 'TypeError: the answer is not 42');
  const exited = await runner.run({ bundle: bundle('exits'), kind: 'action', host, ...limits });
  assert.equal(!exited.ok && exited.error.code, 'function_error');
  assert.equal(!exited.ok && exited.error.message, 'ReferenceError: process is not defined');
  const after = await runner.run({ bundle: bundle('double'), kind: 'action', input: { n: 1 }, host, ...limits });
  assert.deepEqual(after, { ok: true, output: { doubled: 2 }, invalidRecords: [] });
});

test('an ActionError carries its payload; an upstream non-2xx is a script_http_error', async () => {
  const { host } = recordingHost();
  const refused = await runner.run({ bundle: bundle('refuses'), kind: 'action', input: { id: '001' }, host, ...limits });
  assert.deepEqual(refused, { ok: false, error: { code: 'action_error', message: 'no such account', payload: { message: 'no such account', accountId: '001' } } });
  const upstream = await runner.run({ bundle: bundle('upstream'), kind: 'action', host, ...limits });
  assert.deepEqual(upstream, {
    ok: false,
    error: {
      code: 'script_http_error',
      message: 'GET /services/data/v60.0/sobjects/Account/001 answered 404',
      payload: { status: 404, headers: { 'content-type': 'application/json' }, data: [{ errorCode: 'NOT_FOUND', endpoint: '/services/data/v60.0/sobjects/Account/001' }] },
    },
  });
});

test("a provider's body reaches the function whole, as parsed JSON or as text, whatever it holds", async () => {
  // The body's text crosses to the isolate beside the reply's JSON (sandbox-protocol.ts): text that looks like the
  // reply's own JSON, escapes, line separators and characters of every width must come through unchanged.
  const tricky = { records: [{ Name: 'say "hi"}],"ok":false,"error":{"message":"injected"}}', Path: 'C:\\tmp\\x', Lines: 'a\u2028b\u2029c\nd', Wide: 'Ünïcødé 日本 😀' }], done: true };
  const text = '},"ok":false} plain "text" with \\ and 😀';
  const { host } = recordingHost({
    proxy: async (req: ProxyRequest): Promise<ProxyResponse> =>
      req.endpoint === '/json'
        ? { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8', 'sforce-limit-info': 'api-usage=1/15000' }, data: JSON.stringify(tricky) }
        : req.endpoint === '/text'
          ? { status: 201, headers: { 'content-type': 'text/plain' }, data: text }
          : { status: 204, headers: {}, data: null },
  });
  const r = await runner.run({ bundle: bundle('bodies'), kind: 'action', input: null, host, ...limits });
  assert.deepEqual(r, {
    ok: true,
    output: { json: tricky, jsonHeaders: { 'content-type': 'application/json;charset=UTF-8', 'sforce-limit-info': 'api-usage=1/15000' }, text, none: null, status: 201 },
    invalidRecords: [],
  });
});

test('a host failure is thrown inside the function', async () => {
  const { host } = recordingHost({ getMetadata: () => Promise.reject(new Error('metadata store is down')) });
  const r = await runner.run({ bundle: bundle('host-error'), kind: 'action', host, ...limits });
  assert.equal(!r.ok && r.error.code, 'function_error');
  assert.equal(!r.ok && r.error.message, 'Error: metadata store is down');
});

test('a host answer that cannot be sent fails that call inside the function, not the server', async () => {
  const { host } = recordingHost({ getConnection: async () => ({ connection_id: 'c-1', count: 10n }) });
  const r = await runner.run({ bundle: bundle('odd-host'), kind: 'action', host, ...limits });
  assert.equal(r.ok, true);
  assert.match(String(r.ok && r.output), /^the host's answer could not be sent to the function: /);
});
