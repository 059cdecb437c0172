#!/usr/bin/env node
// The bundle of dist/cli/main.js (scripts/bundle.mjs; `npm install` and `npm run build` make it).
import '../dist/bundle/main.js';
