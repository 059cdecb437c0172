#!/usr/bin/env node
// npm run docs: regenerates docs/errors.md and the variables table of docs/operations.md from the code.
import { spawnSync } from 'node:child_process';
const root = new URL('..', import.meta.url).pathname;
const code = `
import { writeFileSync, readFileSync } from 'node:fs';
import { errorsMarkdown, withVariables } from './packages/server/src/docs/reference-docs.ts';
writeFileSync('docs/errors.md', errorsMarkdown());
writeFileSync('docs/operations.md', withVariables(readFileSync('docs/operations.md', 'utf8')));
console.log('docs/errors.md and docs/operations.md regenerated');
`;
const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', '--input-type=module', '-e', code], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
