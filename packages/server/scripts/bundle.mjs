// Bundles the compiled CLI (dist/cli/main.js, after `tsc -b`) with its dependencies into dist/bundle/, which
// `npm start` and the `terapi` command run: loading ~15 files instead of ~330 ESM modules and the CommonJS trees
// of fastify, pg, graphile-worker, undici and zod takes half the time (issue 15 point 4, docs/performance.md).
// Each command's modules stay in chunks of their own, loaded when the command runs (splitting).
// Kept out (external): native addons and packages that find their own files at run time.
// A bundled module keeps its own location: `import.meta.url` (ESM) and `__dirname`/`__filename` (CommonJS)
// name the original file, so what is found by path next to it — migrations, the catalog, logos, the UI builds,
// the sandbox's entry, package.json — is found as before.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${pkgDir}dist/bundle`;

const EXTERNAL = [
  'isolated-vm', // native addon; only the sandbox process loads it
  'embedded-postgres', // initdb only; finds its platform package at run time
  '@embedded-postgres/*', // the PostgreSQL binaries
  'pg-native', // optional native driver
  'pino-pretty', // required on first use (a terminal)
  'esbuild', // native binary; `terapi deploy` only
  'typescript', // `terapi deploy` only
];

/**
 * pg asks whether it runs in a Cloudflare Worker when it is loaded; on Node 20 (no `navigator`) it finds out by
 * constructing a `Response`, which loads Node's own copy of undici: ~25 ms and ~5 MB of every start, for nothing
 * on Node. The bundle is built for Node, so the answer is no.
 */
const PG_RUNTIME_CHECK = { file: /node_modules\/pg\/lib\/stream\.js$/, find: 'function isCloudflareRuntime() {', replace: "function isCloudflareRuntime() {\n  if (typeof process === 'object' && process.release?.name === 'node') return false;" };

const keepOwnLocation = {
  name: 'keep-own-location',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?js$/ }, async (args) => {
      const original = await readFile(args.path, 'utf8');
      let text = original;
      if (PG_RUNTIME_CHECK.file.test(args.path.split('\\').join('/'))) text = text.replace(PG_RUNTIME_CHECK.find, PG_RUNTIME_CHECK.replace);
      const rel = JSON.stringify(relative(outdir, args.path).split('\\').join('/'));
      if (text.includes('import.meta.url')) text = text.replaceAll('import.meta.url', `new URL(${rel}, import.meta.url).href`);
      else if (/\b__(dirname|filename)\b/.test(text)) text = `var __filename = __terapiBundlePath(${rel}), __dirname = __terapiBundleDir(${rel});\n${text}`;
      return text === original ? undefined : { contents: text, loader: 'js' };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
const { metafile } = await build({
  metafile: true,
  entryPoints: { main: `${pkgDir}dist/cli/main.js` },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  logLevel: 'warning',
  // Whitespace only: ~4.7 MB less resident memory (V8 keeps each module's source); names stay readable in stack traces.
  minifyWhitespace: true,
  external: EXTERNAL,
  banner: {
    js: [
      "import { createRequire as __terapiCreateRequire } from 'node:module';",
      "import { fileURLToPath as __terapiFileURLToPath } from 'node:url';",
      "import { dirname as __terapiDirname } from 'node:path';",
      'const require = __terapiCreateRequire(import.meta.url);',
      'const __terapiBundlePath = (rel) => __terapiFileURLToPath(new URL(rel, import.meta.url));',
      'const __terapiBundleDir = (rel) => __terapiDirname(__terapiBundlePath(rel));',
    ].join('\n'),
  },
  plugins: [keepOwnLocation],
});

// Node gives `import('a CommonJS package')` named exports (cjs-module-lexer); esbuild's bundle gives it only a
// default export, so `const { Agent } = await import('undici')` works from the sources and breaks bundled.
// Each such import must take what it needs from `default`; check it here and list it.
const DEFAULT_ONLY = new Set(['node_modules/undici/index.js' /* outbound/outbound-http.ts */, 'node_modules/pg/lib/index.js' /* database/embedded-postgres.ts */]);
const unchecked = Object.entries(metafile.inputs).flatMap(([from, input]) =>
  input.imports.filter((i) => i.kind === 'dynamic-import' && metafile.inputs[i.path]?.format === 'cjs' && !DEFAULT_ONLY.has(i.path.slice(i.path.lastIndexOf('node_modules/')))).map((i) => `${from} imports ${i.path}`),
);
if (unchecked.length) {
  console.error(`bundle.mjs: dynamic imports of CommonJS modules (bundled, they have only a default export; take what you need from it, then list them in DEFAULT_ONLY):\n  ${unchecked.join('\n  ')}`);
  process.exit(1);
}
