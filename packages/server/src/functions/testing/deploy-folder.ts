// For tests: bundles a functions folder (type-checking is optional: it takes seconds) and deploys it to a
// test terapi through POST /functions/deploy, as `terapi deploy` does.
import { fileURLToPath } from 'node:url';
import { buildFunctions } from '../bundler/build-functions.js';
import { formatProblem } from '../bundler/type-check.js';
import type { DeployOutcome } from '../function-store.js';
import type { TestTerapi } from '../../testing/test-terapi.js';

/** packages/server/src/providers/salesforce/functions: the pre-built functions shipped with terapi. */
export const PREBUILT_FUNCTIONS_DIR = fileURLToPath(new URL('../../providers/salesforce/functions/', import.meta.url));

export async function deployFolder(t: TestTerapi, dir: string, opts: { typeCheck?: boolean } = {}): Promise<DeployOutcome> {
  const built = await buildFunctions(dir, { typeCheck: opts.typeCheck ?? false });
  if (!built.ok) throw new Error(built.problems.map(formatProblem).join('\n'));
  const res = await t.api('/functions/deploy', {
    method: 'POST',
    json: { integrations: built.integrations, functions: built.functions.map((f) => ({ integration: f.integration, name: f.name, kind: f.kind, bundle: f.bundle })) },
  });
  if (res.status !== 200) throw new Error(`deploy failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as DeployOutcome;
}
