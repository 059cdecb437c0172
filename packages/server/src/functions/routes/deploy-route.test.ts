// Issue 6 §2: `terapi deploy` type-checks, bundles and uploads a functions folder and prints what was added,
// changed and removed; the server keeps every version; invalid functions are refused with file, line and reason.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';
import { deployCommand } from '../../cli/deploy-command.js';
import { bundleFunction } from '../bundler/bundle-function.js';
import { writeFunctionsFolder, type FixtureFunction } from '../testing/function-fixtures.js';
import { deployFolder } from '../testing/deploy-folder.js';

const echo = (factor: number): FixtureFunction => ({
  kind: 'action',
  name: 'echo',
  source: `import { createAction } from 'terapi';\nimport * as z from 'zod';\nexport default createAction({\n  description: 'echo',\n  input: z.object({ n: z.number() }),\n  output: z.object({ n: z.number() }),\n  exec: async (_nango, input) => ({ n: input.n * ${factor} }),\n});\n`,
});
const things: FixtureFunction = {
  kind: 'sync',
  name: 'things',
  source: `import { createSync } from 'terapi';\nimport * as z from 'zod';\nexport default createSync({\n  description: 'things',\n  frequency: 'every 30 minutes',\n  autoStart: false,\n  syncType: 'full',\n  trackDeletes: true,\n  models: { Thing: z.object({ id: z.string(), size: z.number() }) },\n  exec: async (nango) => {\n    await nango.batchSave([{ id: '1', size: 2 }], 'Thing');\n  },\n});\n`,
};

function capture(t: TestTerapi, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { env: { TERAPI_HOST: t.url, TERAPI_SECRET_KEY: t.devSecretKey, ...env }, out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) } };
}

describe('deploy', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi();
  });
  after(() => t?.close());

  test('the CLI prints what was added, changed and removed, and the server keeps every version', async () => {
    const v1 = writeFunctionsFolder([echo(2), things]);
    try {
      const c = capture(t);
      assert.equal(await deployCommand(v1.dir, c.io), 0, c.err.join('\n'));
      assert.deepEqual(c.out.slice(1), ['added    demo/actions/echo (version 1)', 'added    demo/syncs/things (version 1)', '2 added, 0 changed, 0 removed, 0 unchanged.']);
      assert.deepEqual(c.err, ['warning: No integration "demo" exists in this environment yet; create it before its functions can run.']);
    } finally {
      v1.remove();
    }
    const again = writeFunctionsFolder([echo(2), things]);
    const v2 = writeFunctionsFolder([echo(3)]);
    try {
      assert.deepEqual(await deployFolder(t, again.dir), { added: [], changed: [], removed: [], unchanged: [{ integration: 'demo', name: 'echo', kind: 'action', version: 1 }, { integration: 'demo', name: 'things', kind: 'sync', version: 1 }], warnings: ['No integration "demo" exists in this environment yet; create it before its functions can run.'] } as never);
      const outcome = await deployFolder(t, v2.dir);
      assert.deepEqual({ added: outcome.added, changed: outcome.changed, removed: outcome.removed }, { added: [], changed: [{ integration: 'demo', name: 'echo', kind: 'action', version: 2 }], removed: [{ integration: 'demo', name: 'things', kind: 'sync' }] });
    } finally {
      again.remove();
      v2.remove();
    }
    const { rows } = await t.services.db.query<{ name: string; version: number; active: boolean }>('select name, version, active from functions order by name, version');
    assert.deepEqual(rows.map((r) => ({ ...r })), [
      { name: 'echo', version: 1, active: false },
      { name: 'echo', version: 2, active: true },
      { name: 'things', version: 1, active: false },
    ]);
    const fn = await t.services.functions.getActive((await t.services.environments.findByName('dev'))!.id, 'demo', 'echo');
    assert.equal(fn?.version, 2);
    assert.deepEqual(fn?.definition.input, { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
  });

  test('a function that does not type-check is refused with its file, line and reason, and nothing is uploaded', async () => {
    const broken = writeFunctionsFolder([{ ...echo(2), source: echo(2).source.replace('input.n * 2', "input.n + 'x'") }]);
    try {
      const c = capture(t);
      assert.equal(await deployCommand(broken.dir, c.io), 1);
      assert.equal(c.err[0], 'Deploy refused: 1 problem(s)');
      assert.ok(c.err[1]?.startsWith(`${join(broken.dir, 'demo', 'actions', 'echo.ts')}:7:34 - error TS2322: Type 'Promise<{ n: string; }>' is not assignable to type 'Promise<{ n: number; }>'.`), c.err[1]);
      assert.match(c.err[1] ?? '', /Type 'string' is not assignable to type 'number'\.$/);
    } finally {
      broken.remove();
    }
    const fn = await t.services.functions.listActive(1, 'demo');
    assert.deepEqual(fn.map((f) => [f.name, f.version]), [['echo', 2]]);
  });

  test('a Node builtin cannot be bundled into a function', async () => {
    const folder = writeFunctionsFolder([{ kind: 'action', name: 'reader', source: `import { readFileSync } from 'node:fs';\nimport { createAction } from 'terapi';\nimport * as z from 'zod';\nexport default createAction({ description: 'r', input: z.any(), output: z.any(), exec: async () => readFileSync('/etc/passwd', 'utf8') });\n` }]);
    try {
      const file = join(folder.dir, 'demo', 'actions', 'reader.ts');
      const r = await bundleFunction(file);
      assert.equal(r.ok, false);
      assert.deepEqual(!r.ok && r.problems.map((p) => [p.file.endsWith('reader.ts'), p.line, p.message]), [[true, 1, 'Could not resolve "node:fs"']]);
    } finally {
      folder.remove();
    }
  });

  test('the server reads each definition itself: a file in the wrong folder or a sync too frequent is refused with invalid_function', async () => {
    const folder = writeFunctionsFolder([{ ...things, kind: 'action', name: 'misplaced' }, { ...things, name: 'too-often', source: things.source.replace('every 30 minutes', 'every 5 seconds') }]);
    try {
      await assert.rejects(deployFolder(t, folder.dir), (err: Error) => {
        assert.match(err.message, /^deploy failed: 400 /);
        const body = JSON.parse(err.message.replace(/^deploy failed: 400 /, '')) as { error: { code: string; payload: { problems: string[] } } };
        assert.equal(body.error.code, 'invalid_function');
        assert.deepEqual(body.error.payload.problems, [
          'demo/syncs/too-often.ts: "every 5 seconds" is shorter than 30 seconds.',
          'demo/actions/misplaced.ts: the file is in actions/ but exports a sync; move it to syncs/',
        ]);
        return true;
      });
    } finally {
      folder.remove();
    }
  });

  test('deploy needs the secret key', async () => {
    const c = capture(t, { TERAPI_SECRET_KEY: '' });
    delete (c.io.env as Record<string, string | undefined>).TERAPI_SECRET_KEY;
    assert.equal(await deployCommand('/nonexistent', c.io), 1);
    assert.match(c.err[0] ?? '', /TERAPI_SECRET_KEY/);
    const res = await t.api('/functions/deploy', { method: 'POST', json: { integrations: [], functions: [] }, headers: { authorization: 'Bearer 3f0a4c52-93a8-4c1e-9d43-1f6f1e2b8a11' } });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unknown_account');
  });

  test('GET /scripts/config lists the deployed functions per integration', async () => {
    const res = await t.api('/scripts/config');
    assert.equal(res.status, 200);
    const config = (await res.json()) as { providerConfigKey: string; syncs: unknown[]; actions: { name: string; type: string; returns: unknown[] }[] }[];
    assert.deepEqual(config.map((c) => [c.providerConfigKey, c.syncs.length, c.actions.map((a) => [a.name, a.type])]), [['demo', 0, [['echo', 'action']]]]);
  });
});
