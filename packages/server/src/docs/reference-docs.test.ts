import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorsMarkdown, withVariables } from './reference-docs.js';
import { registeredErrorCodes } from '../errors/error-registry.js';

const docs = (name: string) => fileURLToPath(new URL(`../../../../docs/${name}`, import.meta.url));

test('docs/errors.md lists every error code of the registry (run `npm run docs` after adding one)', () => {
  const file = readFileSync(docs('errors.md'), 'utf8');
  const markdown = errorsMarkdown();
  for (const { code } of registeredErrorCodes()) assert.ok(file.includes(`| \`${code}\` |`), `docs/errors.md lacks ${code}`);
  assert.equal(file, markdown);
});

test('docs/operations.md shows every configuration variable as config.ts declares it', () => {
  const file = readFileSync(docs('operations.md'), 'utf8');
  assert.equal(file, withVariables(file));
});
