// The worker thread's first code (run with `eval: true`, so it works from sources and from dist alike).
// Before the function's bundle runs it removes what would reach past the helper: `require` and the module
// globals, Node's native bindings, process-wide kill switches, and direct network access (every outbound
// request must go through the host's proxy). The bundle is evaluated without a dynamic-import hook, so
// `import()` fails too. Worker threads share the process: this is a guard against accidents and casual
// reach, not a security boundary against hostile native code.
export const WORKER_BOOTSTRAP = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
for (const name of ['require', 'module', 'exports', '__filename', '__dirname', 'fetch', 'WebSocket', 'EventSource']) {
  try { delete globalThis[name]; } catch {}
  try { Object.defineProperty(globalThis, name, { value: undefined, configurable: false, writable: false }); } catch {}
}
for (const name of ['binding', '_linkedBinding', 'dlopen', 'getBuiltinModule', 'kill', 'abort', 'setSourceMapsEnabled', 'chdir', 'loadEnvFile']) {
  try { Object.defineProperty(process, name, { value: undefined, configurable: false, writable: false }); } catch {}
}
const fail = (message) => parentPort.postMessage({ type: 'failed', error: { code: 'function_error', message }, invalidRecords: [] });
let loaded;
try {
  const mod = { exports: {} };
  const wrapper = vm.runInThisContext('(function (module, exports) {' + workerData.bundle + '\\n})', { filename: 'function.js' });
  wrapper.call(undefined, mod, mod.exports);
  loaded = mod.exports;
} catch (err) {
  fail('The function failed while loading: ' + (err && err.stack ? err.stack : String(err)));
}
if (loaded) {
  if (typeof loaded.__terapiRuntime !== 'function') fail('This bundle has no terapi runtime; redeploy it with \`terapi deploy\`.');
  else loaded.__terapiRuntime(parentPort, workerData.start, loaded.default);
}
`;
