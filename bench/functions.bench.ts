// npm run bench -- functions: the cost of running deployed code in the sandbox (issue 9: a separate process,
// one fresh V8 isolate per run) against the floor measured in the same run: the same bundle evaluated in
// terapi's own process with node:vm and the same runtime, its helper calls answered directly.
import { runInThisContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import { FunctionRunner } from '../packages/server/src/functions/runner/run-function.js';
import type { FunctionHost } from '../packages/server/src/functions/runner/function-host.js';
import { bundleFixtures } from '../packages/server/src/functions/testing/function-fixtures.js';

const CALLS = 100;
const fns = await bundleFixtures([
  { kind: 'action', name: 'noop', source: `import { createAction } from 'terapi';\nimport * as z from 'zod';\nexport default createAction({ description: 'noop', input: z.any(), output: z.any(), exec: async () => 1 });\n` },
  {
    kind: 'action',
    name: 'calls',
    source: `import { createAction } from 'terapi';\nimport * as z from 'zod';\nexport default createAction({ description: 'calls', input: z.any(), output: z.any(), exec: async (nango) => { for (let i = 0; i < ${CALLS}; i++) await nango.getMetadata(); return ${CALLS}; } });\n`,
  },
]);

const host: FunctionHost = {
  proxy: () => Promise.reject(new Error('unused')),
  getConnection: async () => ({}),
  getMetadata: async () => ({ plan: 'enterprise' }),
  setMetadata: async () => {},
  updateMetadata: async () => {},
  log: () => {},
  batchSave: async () => {},
  batchUpdate: async () => {},
  batchDelete: async () => {},
  getCheckpoint: async () => null,
  saveCheckpoint: async () => {},
  clearCheckpoint: async () => {},
  trackDeletesStart: async () => {},
  trackDeletesEnd: async () => {},
  setRunNote: async () => {},
  lastSyncDate: null,
};

/** The floor: the bundle's runtime in this process, each helper call answered on the next microtask. */
function direct(bundle: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const mod = { exports: {} as Record<string, unknown> };
    (runInThisContext(`(function (module, exports) {${bundle}\n})`) as (m: unknown, e: unknown) => void)(mod, mod.exports);
    const listeners: Array<(m: unknown) => void> = [];
    const port = {
      postMessage(m: { type: string; id?: number; method?: string; output?: unknown; error?: unknown }) {
        if (m.type === 'call') void (host as unknown as Record<string, () => Promise<unknown>>)[m.method!]!().then((value) => listeners.forEach((l) => l({ type: 'reply', id: m.id, ok: true, value })));
        else if (m.type === 'done') resolve(m.output);
        else if (m.type === 'failed') reject(new Error(JSON.stringify(m.error)));
      },
      on(_e: string, l: (m: unknown) => void) {
        listeners.push(l);
      },
    };
    (mod.exports.__terapiRuntime as (p: unknown, s: unknown, d: unknown) => void)(port, { mode: 'action', input: {}, lastSyncDate: null }, mod.exports.default);
  });
}

const runner = new FunctionRunner();
const sandboxed = (bundle: string) => runner.run({ bundle, kind: 'action', input: {}, host, timeoutMs: 30_000, memoryMb: 128 });

async function measure(label: string, n: number, concurrency: number, run: () => Promise<unknown>): Promise<number> {
  await run(); // warm: the sandbox process starts on the first run
  const times: number[] = [];
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
    }),
  );
  const wall = performance.now() - start;
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`${label.padEnd(44)} p50 ${p(0.5).padStart(7)} ms  p99 ${p(0.99).padStart(7)} ms  ${((n / wall) * 1000).toFixed(0).padStart(5)} runs/s`);
  return Number(p(0.5));
}

const noop = fns.get('noop')!.bundle;
const calls = fns.get('calls')!.bundle;
console.log(`bundle size ${(noop.length / 1024).toFixed(0)} KB (the function, the SDK and zod)\n`);
const floorNoop = await measure('floor: in-process vm, empty action', 200, 1, () => direct(noop));
const sbNoop = await measure('sandbox: empty action, concurrency 1', 200, 1, () => sandboxed(noop));
await measure('sandbox: empty action, concurrency 8', 400, 8, () => sandboxed(noop));
const floorCalls = await measure(`floor: in-process vm, ${CALLS} helper calls`, 50, 1, () => direct(calls));
const sbCalls = await measure(`sandbox: ${CALLS} helper calls, concurrency 1`, 50, 1, () => sandboxed(calls));
console.log(`\nper run: sandbox adds ${(sbNoop - floorNoop).toFixed(2)} ms at p50 (a fresh isolate, the prelude, the bundle compiled)`);
console.log(`per helper call: sandbox ${((sbCalls - sbNoop) / CALLS * 1000).toFixed(0)} µs, floor ${((floorCalls - floorNoop) / CALLS * 1000).toFixed(0)} µs`);
await runner.close();
process.exit(0);
