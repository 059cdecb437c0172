// For tests: writes function sources into a temporary functions folder and bundles them for real.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions, type BuiltFunction } from '../bundler/build-functions.js';
import { formatProblem } from '../bundler/type-check.js';
import type { FunctionKind } from '../runner/run-function-types.js';

const FOLDER: Record<FunctionKind, string> = { sync: 'syncs', action: 'actions', 'on-event': 'on-events' };

export interface FixtureFunction {
  integration?: string;
  kind: FunctionKind;
  name: string;
  source: string;
}

export function writeFunctionsFolder(functions: FixtureFunction[]): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'terapi-functions-'));
  for (const f of functions) {
    const folder = join(dir, f.integration ?? 'demo', FOLDER[f.kind]);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${f.name}.ts`), f.source);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bundles fixtures (type-checking is its own test: it takes seconds). */
export async function bundleFixtures(functions: FixtureFunction[], opts: { typeCheck?: boolean } = {}): Promise<Map<string, BuiltFunction>> {
  const folder = writeFunctionsFolder(functions);
  try {
    const r = await buildFunctions(folder.dir, { typeCheck: opts.typeCheck ?? false });
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
    return new Map(r.functions.map((f) => [f.name, f]));
  } finally {
    folder.remove();
  }
}
