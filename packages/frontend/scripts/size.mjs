#!/usr/bin/env node
// Prints what @terapi/frontend costs a page: the built module bundled and minified as an app's bundler would
// ship it, gzipped; and the unminified dist/ as published. Run `npx tsc -b` first.
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const bundled = await build({ entryPoints: [join(dist, 'index.js')], bundle: true, minify: true, format: 'esm', write: false, target: 'es2022' });
const min = bundled.outputFiles[0].contents;
const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
const raw = Buffer.concat(files.map((f) => readFileSync(join(dist, f))));
console.log(`@terapi/frontend: ${kb(gzipSync(min, { level: 9 }).length)} gzipped (${kb(min.length)} minified, one ESM bundle, no dependencies)`);
console.log(`dist/*.js as published: ${kb(gzipSync(raw, { level: 9 }).length)} gzipped (${kb(raw.length)}, ${files.length} modules)`);
