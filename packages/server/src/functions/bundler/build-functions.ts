// deploy's first half (issue 6 §2): find, type-check and bundle every function of a folder.
import { findFunctionFiles, type FunctionFile } from './function-files.js';
import { bundleFunction } from './bundle-function.js';
import { typeCheckFunctions, type FunctionProblem } from './type-check.js';

export interface BuiltFunction extends FunctionFile {
  bundle: string;
  contentHash: string;
}

export type BuildResult = { ok: true; integrations: string[]; functions: BuiltFunction[] } | { ok: false; problems: FunctionProblem[] };

export async function buildFunctions(dir: string, opts: { only?: string; typeCheck?: boolean } = {}): Promise<BuildResult> {
  const found = findFunctionFiles(dir);
  const files = opts.only ? found.files.filter((f) => f.name === opts.only) : found.files;
  if (opts.typeCheck !== false && files.length) {
    const problems = typeCheckFunctions(files.map((f) => f.file));
    if (problems.length) return { ok: false, problems };
  }
  const functions: BuiltFunction[] = [];
  const problems: FunctionProblem[] = [];
  for (const f of files) {
    const r = await bundleFunction(f.file);
    if (r.ok) functions.push({ ...f, bundle: r.bundle.code, contentHash: r.bundle.contentHash });
    else problems.push(...r.problems);
  }
  return problems.length ? { ok: false, problems } : { ok: true, integrations: found.integrations, functions };
}
