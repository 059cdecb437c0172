// Where the function SDK lives on disk, from sources (tsx, tests) or from dist: `terapi` imports in a
// function resolve to it, and `zod` resolves from the server package so the SDK and the function share one zod.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export interface SdkLocation {
  /** The SDK entry (`terapi` in a function file). */
  index: string;
  /** The worker runtime bundled with each function. */
  runtime: string;
  /** The server package's root (zod and typings resolve from here). */
  packageDir: string;
  /** The SDK's typings entry for the type checker. */
  typesIndex: string;
  /** The zod package terapi itself uses (hoisted or nested, wherever Node resolves it from terapi). */
  zodDir: string;
  /** `terapi/<name>` subpaths a function may import (the package's exports): their entry and typings. */
  subpaths: Record<string, { index: string; typesIndex: string }>;
}

/** The helper modules of `terapi/<name>`, relative to src/ (or dist/): provider helpers for function authors. */
const SUBPATHS: Record<string, string> = { salesforce: '../../providers/salesforce/function-helpers/' };

function pick(dir: string, base: string, exts: string[]): string {
  for (const ext of exts) {
    const p = join(dir, `${base}${ext}`);
    if (existsSync(p)) return p;
  }
  throw new Error(`The terapi SDK file ${join(dir, base)} is missing; reinstall terapi.`);
}

export function sdkLocation(): SdkLocation {
  const sdkDir = fileURLToPath(new URL('../sdk/', import.meta.url));
  return {
    index: pick(sdkDir, 'index', ['.ts', '.js']),
    runtime: pick(sdkDir, 'worker-runtime', ['.ts', '.js']),
    typesIndex: pick(sdkDir, 'index', ['.ts', '.d.ts']),
    packageDir: dirname(dirname(dirname(sdkDir))),
    zodDir: dirname(createRequire(import.meta.url).resolve('zod/package.json')),
    subpaths: Object.fromEntries(
      Object.entries(SUBPATHS).map(([name, rel]) => {
        const dir = fileURLToPath(new URL(rel, new URL('../sdk/', import.meta.url)));
        return [name, { index: pick(dir, 'index', ['.ts', '.js']), typesIndex: pick(dir, 'index', ['.ts', '.d.ts']) }];
      }),
    ),
  };
}
