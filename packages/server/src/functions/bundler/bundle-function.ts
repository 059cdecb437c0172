// One function → one self-contained CommonJS module (issue 6 §2): the function, the SDK it imports as
// `terapi`, zod, and the worker runtime (exported as `__terapiRuntime`), with no Node builtins — a function
// that imports one is refused here, since it could not run in the isolated worker anyway.
import { dirname } from 'node:path';
import * as esbuild from 'esbuild';
import { bundleHash } from './bundle-hash.js';
import { sdkLocation } from './sdk-location.js';
import type { FunctionProblem } from './type-check.js';

export interface FunctionBundle {
  code: string;
  contentHash: string;
}

export type BundleResult = { ok: true; bundle: FunctionBundle } | { ok: false; problems: FunctionProblem[] };

export async function bundleFunction(file: string): Promise<BundleResult> {
  const sdk = sdkLocation();
  const entry = `import definition from ${JSON.stringify(file)};\nexport { startFunctionRuntime as __terapiRuntime } from ${JSON.stringify(sdk.runtime)};\nexport default definition;\n`;
  const resolveFromSdk: esbuild.Plugin = {
    name: 'terapi-sdk',
    setup(build) {
      build.onResolve({ filter: /^terapi$/ }, () => ({ path: sdk.index }));
      build.onResolve({ filter: /^terapi\/[a-z-]+$/ }, (args) => {
        const sub = sdk.subpaths[args.path.slice('terapi/'.length)];
        return sub ? { path: sub.index } : { errors: [{ text: `"${args.path}" is not a terapi module (there are: terapi, ${Object.keys(sdk.subpaths).map((s) => `terapi/${s}`).join(', ')})` }] };
      });
      build.onResolve({ filter: /^zod(\/.*)?$/ }, async (args) => {
        if (args.pluginData === 'terapi-sdk') return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, resolveDir: dirname(sdk.zodDir), pluginData: 'terapi-sdk' });
        return r.errors.length ? { errors: r.errors } : { path: r.path };
      });
    },
  };
  try {
    const result = await esbuild.build({
      stdin: { contents: entry, resolveDir: dirname(file), sourcefile: '__terapi_entry.js', loader: 'js' },
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'node20',
      keepNames: true,
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [resolveFromSdk],
    });
    const code = result.outputFiles[0]?.text ?? '';
    return { ok: true, bundle: { code, contentHash: bundleHash(code) } };
  } catch (err) {
    const failure = err as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw err;
    return {
      ok: false,
      problems: failure.errors.map((e) => ({
        file: e.location?.file ?? file,
        line: e.location?.line ?? 0,
        column: (e.location?.column ?? 0) + 1,
        message: e.text,
      })),
    };
  }
}
