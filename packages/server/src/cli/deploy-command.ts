// `terapi deploy [DIR]` (spec/operations.md): type-check and bundle every function in DIR, upload them with
// the secret key, print what was added, changed and removed. Returns the exit code.
import { resolve } from 'node:path';
import { buildFunctions } from '../functions/bundler/build-functions.js';
import { formatProblem } from '../functions/bundler/type-check.js';
import type { DeployOutcome } from '../functions/function-store.js';
import { CliError, cliTarget, postJson, serverError, type CliIo } from '../functions/cli-client.js';
import { FunctionFolderError } from '../functions/bundler/function-files.js';

import { DEFAULT_FUNCTIONS_DIR } from '../functions/default-functions-dir.js';

export { DEFAULT_FUNCTIONS_DIR };
const FOLDER = { sync: 'syncs', action: 'actions', 'on-event': 'on-events' } as const;

export async function deployCommand(dir: string | undefined, io: CliIo): Promise<number> {
  const root = resolve(dir ?? DEFAULT_FUNCTIONS_DIR);
  try {
    cliTarget(io.env);
    io.out(`Type-checking and bundling the functions in ${root}…`);
    const built = await buildFunctions(root);
    if (!built.ok) {
      io.err(`Deploy refused: ${built.problems.length} problem(s)`);
      for (const p of built.problems) io.err(formatProblem(p));
      return 1;
    }
    if (built.functions.length === 0 && built.integrations.length === 0) throw new CliError(`No functions found in ${root} (expected ${root}/<integration>/syncs|actions/*.ts).`);
    const res = await postJson(io.env, '/functions/deploy', {
      integrations: built.integrations,
      functions: built.functions.map((f) => ({ integration: f.integration, name: f.name, kind: f.kind, bundle: f.bundle })),
    });
    if (res.status !== 200) throw serverError(res.status, res.body);
    const outcome = res.body as DeployOutcome & { warnings?: string[] };
    const line = (f: { integration: string; name: string; kind: keyof typeof FOLDER; version?: number }) => `${f.integration}/${FOLDER[f.kind]}/${f.name}${f.version ? ` (version ${f.version})` : ''}`;
    for (const f of outcome.added) io.out(`added    ${line(f)}`);
    for (const f of outcome.changed) io.out(`changed  ${line(f)}`);
    for (const f of outcome.removed) io.out(`removed  ${line(f)}`);
    io.out(`${outcome.added.length} added, ${outcome.changed.length} changed, ${outcome.removed.length} removed, ${outcome.unchanged.length} unchanged.`);
    for (const w of outcome.warnings ?? []) io.err(`warning: ${w}`);
    return 0;
  } catch (err) {
    if (err instanceof CliError || err instanceof FunctionFolderError || (err as Error).name === 'ConfigError') {
      io.err((err as Error).message);
      return 1;
    }
    throw err;
  }
}
