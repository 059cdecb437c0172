// The functions folder layout (spec/operations.md "Functions"): DIR/<integration key>/{syncs,actions}/<name>.ts,
// plus on-events/ as in Nango; the file name is the function's name.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FunctionKind } from '../runner/run-function-types.js';

/** A folder that is not laid out as functions: the user's to fix. */
export class FunctionFolderError extends Error {
  override readonly name = 'FunctionFolderError';
}

export interface FunctionFile {
  integration: string;
  name: string;
  kind: FunctionKind;
  file: string;
}

const FOLDERS: Record<string, FunctionKind> = { syncs: 'sync', actions: 'action', 'on-events': 'on-event' };
const NAME = /^[a-zA-Z0-9_-]+$/;

export function findFunctionFiles(dir: string): { integrations: string[]; files: FunctionFile[] } {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new FunctionFolderError(`${root} is not a folder of functions (expected ${root}/<integration>/syncs|actions/*.ts)`);
  const files: FunctionFile[] = [];
  const integrations: string[] = [];
  for (const integration of readdirSync(root).sort()) {
    const idir = join(root, integration);
    if (integration.startsWith('.') || integration === 'node_modules' || !statSync(idir).isDirectory()) continue;
    let any = false;
    for (const [folder, kind] of Object.entries(FOLDERS)) {
      const fdir = join(idir, folder);
      if (!existsSync(fdir)) continue;
      any = true;
      for (const entry of readdirSync(fdir).sort()) {
        if (!entry.endsWith('.ts') || entry.endsWith('.d.ts') || entry.endsWith('.test.ts')) continue;
        const name = entry.slice(0, -3);
        if (!NAME.test(name)) throw new FunctionFolderError(`${join(fdir, entry)}: a function name may contain letters, digits, _ and - only`);
        files.push({ integration, name, kind, file: join(fdir, entry) });
      }
    }
    if (any) integrations.push(integration);
  }
  return { integrations, files };
}
