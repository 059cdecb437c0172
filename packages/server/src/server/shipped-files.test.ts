// What the `terapi` package ships (issue 10 point 7): compiled code, the catalog and the pre-built functions,
// never a test, a test rig or a fixture. Two views: what tsc compiles into dist (its roots plus everything
// they import, so production code importing a rig fails here too) and what `npm pack` takes besides dist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import ts from 'typescript';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const TEST_ONLY = /(\.test\.ts$|\/testing\/|-test-[^/]*\.ts$|-probe\.ts$)/;

test('tsc compiles no test, test rig or fixture into dist', () => {
  const configPath = ts.findConfigFile(packageDir, ts.sys.fileExists)!;
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, packageDir);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  const compiled = program
    .getSourceFiles()
    .map((f) => relative(packageDir, f.fileName))
    .filter((f) => f.startsWith('src/'));
  assert.ok(compiled.includes('src/server/start-terapi.ts'));
  assert.deepEqual(compiled.filter((f) => TEST_ONLY.test(f) || f.startsWith('src/providers/salesforce/functions/')), []);
});

test('npm pack ships the catalog and the pre-built functions as sources, without their tests', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '-w', 'packages/server'], { cwd: repoRoot, encoding: 'utf8' });
  const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  const sources = files.filter((f) => f.startsWith('src/'));
  assert.ok(sources.includes('src/providers/salesforce/catalog.yaml'));
  assert.ok(sources.includes('src/providers/salesforce/logos/salesforce.svg'), 'the logos GET /images/template-logos serves');
  assert.ok(sources.includes('src/providers/salesforce/functions/salesforce/syncs/accounts.ts'));
  assert.deepEqual(sources.filter((f) => !f.startsWith('src/providers/') || TEST_ONLY.test(f)), []);
  assert.ok(files.includes('dist/server/start-terapi.js'));
});
