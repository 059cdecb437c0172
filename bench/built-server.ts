// The server as `npm start` runs it: the modules tsc compiles into packages/server/dist (what
// packages/server/scripts/bundle.mjs bundles; scripts/bench.mjs builds them before each benchmark), not its
// sources under tsx. tsx's esbuild transform keeps function names by wrapping every named function it creates
// in a `__name()` call (keepNames), at run time: per request, for the closures a handler makes — ~1.5 % of a
// proxied request's CPU in the profiles (docs/performance.md) that the build does not pay. The benchmarks of
// the per-request paths (proxy, connection reads, the dashboard) start this build; the rigs they borrow from
// the tests (connectSalesforce, freePort) stay sources.
export { loadConfig } from '../packages/server/dist/config/config.js';
export { startTerapi } from '../packages/server/dist/server/start-terapi.js';
