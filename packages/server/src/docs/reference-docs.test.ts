import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorsMarkdown, withVariables } from './reference-docs.js';
import { ERROR_CODES } from '../errors/error-codes.js';

const docs = (name: string) => fileURLToPath(new URL(`../../../../docs/${name}`, import.meta.url));

test('docs/errors.md lists every error code of the registry (run `npm run docs` after adding one)', () => {
  const file = readFileSync(docs('errors.md'), 'utf8');
  for (const code of Object.keys(ERROR_CODES)) assert.ok(file.includes(`| \`${code}\` |`), `docs/errors.md lacks ${code}`);
  assert.equal(file, errorsMarkdown());
});

test('docs/operations.md shows every configuration variable as config.ts declares it', () => {
  const file = readFileSync(docs('operations.md'), 'utf8');
  assert.equal(file, withVariables(file));
});
