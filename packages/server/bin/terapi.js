#!/usr/bin/env node
// The CLI bundled by scripts/bundle.mjs (`npm install` and `npm run build` make it: it starts in half the time
// and memory), or the compiled modules it is made from where there is no bundle.
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/bundle/main.js', import.meta.url);
await import(existsSync(bundled) ? bundled.href : '../dist/cli/main.js');
