// issue 10 point 4: no module-level mutable state in packages/server/src — no `let` at the top of a module
// and no module-level Map, WeakMap or Set filled at run time. State belongs to an object the composition root
// builds (server/start-terapi.ts). The function sandbox's own entry (functions/sandbox/) is a separate
// process with one run loop, and is left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SANDBOX_PROCESS = join('functions', 'sandbox');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** A top-level `let`, or a top-level Map/WeakMap (a Set built from a literal list is a constant). */
const MUTABLE = /^(?:export )?(?:let \w+|const \w+(?:: [^=]+)? = new (?:WeakMap|Map)\b|const \w+(?:: [^=]+)? = new Set(?:<[^>]+>)?\(\))/m;

test('no module holds mutable state at its top level', () => {
  const offenders = sourceFiles(SRC)
    .map((f) => relative(SRC, f))
    .filter((f) => !f.startsWith(SANDBOX_PROCESS))
    .filter((f) => MUTABLE.test(readFileSync(join(SRC, f), 'utf8')));
  assert.deepEqual(offenders, [], 'move this state into an object built by server/start-terapi.ts');
});

test('the pattern catches the shapes it is meant to', () => {
  for (const src of ['let count = 0;', 'const engines = new WeakMap<object, string>();', 'const seen: Map<string, number> = new Map();', 'const ids = new Set<string>();']) assert.ok(MUTABLE.test(src), src);
  for (const src of ["const METHODS = new Set(['GET']);", '  let inside = 1;', 'const LIMIT = 10;']) assert.ok(!MUTABLE.test(src), src);
});
