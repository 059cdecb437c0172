// At deploy the server reads each bundle's definition itself, in the isolated runner, rather than trusting
// what the CLI says about it: kind, models and schemas as JSON schema, frequency, autoStart…
import type { FunctionHost } from './runner/function-host.js';
import type { FunctionRunner } from './runner/run-function.js';
import type { FunctionKind } from './runner/run-function-types.js';
import type { FunctionDefinition } from './function-definition.js';
import { FUNCTION_LIMITS } from './function-limits.js';

const refuse = () => Promise.reject(new Error('a function may not call terapi while its definition is read'));
const inertHost: FunctionHost = {
  proxy: refuse,
  getConnection: refuse,
  getMetadata: refuse,
  setMetadata: refuse,
  updateMetadata: refuse,
  log: () => {},
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

export type Described = { ok: true; kind: FunctionKind; definition: FunctionDefinition } | { ok: false; message: string };

export async function describeBundle(runner: FunctionRunner, bundle: string): Promise<Described> {
  const r = await runner.runBundle({ bundle, mode: 'describe', host: inertHost, ...FUNCTION_LIMITS.describe });
  if (!r.ok) return { ok: false, message: r.error.message };
  const out = r.output as { kind: FunctionKind; definition: FunctionDefinition };
  return { ok: true, kind: out.kind, definition: out.definition };
}
