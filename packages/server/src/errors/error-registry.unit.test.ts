import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registeredErrorCodes, resolveErrorKey } from './error-registry.js';
import { TerapiError } from './terapi-error.js';
import { errorBody } from './error-body.js';
import { providerModules } from '../providers/provider-modules.js';

providerModules();
const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}
const registered = new Set(registeredErrorCodes().map((c) => c.code));
const files = sourceFiles(SRC).map((path) => ({ file: relative(SRC, path), text: readFileSync(path, 'utf8') }));

// The situations that answer another status than their code's, each for a reason the Nango API or the
// gateway semantics give (error-definition.ts). A new one must be added here, on purpose.
const STATUS_EXCEPTIONS = [
  'invalid_credentials.provider_unavailable 502',
  'token_err.unreachable 502',
  'unknown_connection.metadata_target 404',
  'unknown_connection.metadata_targets 404',
  'unknown_provider_config.import 404',
  'unknown_provider_config.no_webhooks 404',
  'unknown_provider_config.not_in_environment_two_step 404',
  'unknown_provider_config.webhook 404',
];

test('a code has one status: only the known situations answer another', () => {
  const found = registeredErrorCodes().flatMap(({ code, definition }) =>
    Object.entries(definition.situations ?? {}).flatMap(([name, s]) => (typeof s === 'object' && s.status !== definition.status ? [`${code}.${name} ${s.status}`] : [])),
  );
  assert.deepEqual(found.sort(), STATUS_EXCEPTIONS);
});

test('every error key thrown in the source is registered', () => {
  const unknown: string[] = [];
  let checked = 0;
  for (const { file, text } of files) {
    for (const m of text.matchAll(/new TerapiError(?:<[^>]*>)?\(\s*'([a-z0-9_.]+)'/g)) {
      checked++;
      try {
        resolveErrorKey(m[1]!);
      } catch {
        unknown.push(`${file}: ${m[1]}`);
      }
    }
    // keys chosen by a condition or built from a situation name: every literal that looks like one must resolve
    for (const m of text.matchAll(/'([a-z0-9_]+\.[a-z0-9_]+)'/g)) {
      const code = m[1]!.split('.')[0]!;
      if (!registeredErrorCodes().some((c) => c.code === code)) continue;
      try {
        resolveErrorKey(m[1]!);
      } catch {
        unknown.push(`${file}: ${m[1]}`);
      }
    }
  }
  assert.ok(checked > 100, `only ${checked} throw sites found: has the scan stopped seeing them?`);
  assert.deepEqual(unknown, []);
});

test('no error body is built by hand: every { error: { code … } } goes through errors/error-body.ts', () => {
  const handBuilt = files
    .filter(({ file }) => file !== join('errors', 'error-body.ts'))
    .flatMap(({ file, text }) => [
      // an error envelope written as a literal with a registered code (the sandbox's own run results carry
      // codes of their protocol, which are not HTTP answers)
      ...[...text.matchAll(/error:\s*\{\s*code:\s*'([a-z0-9_]+)'/g)].filter((m) => registered.has(m[1]!)).map((m) => `${file}: ${m[0]}`),
      // or any reply sent as an { error } literal
      ...[...text.matchAll(/\.send\(\s*\{\s*error\b/g)].map((m) => `${file}: ${m[0]}`),
    ]);
  assert.deepEqual(handBuilt, []);
});

test('no throw site writes its own message: the second argument is parameters, not text', () => {
  const freeText = files.flatMap(({ file, text }) =>
    [...text.matchAll(/new TerapiError(?:<[^>]*>)?\([^,()]+,\s*[`'"]/g)].map((m) => `${file}: ${m[0]}`),
  );
  assert.deepEqual(freeText, []);
});

test('a template is filled from typed parameters; a body carries the registered code and message', () => {
  const e = new TerapiError('function_proxy_response_too_large.response', { method: 'GET', path: '/query', limit: 10 });
  assert.equal(e.status, 502);
  assert.deepEqual(errorBody(e), {
    error: {
      code: 'function_proxy_response_too_large',
      message: 'The response to GET /query is larger than 10 bytes (TERAPI_FUNCTION_PROXY_MAX_BYTES); ask for smaller pages (a LIMIT, a page size) or raise the limit.',
    },
  });
  // @ts-expect-error a misspelt code does not compile
  assert.throws(() => new TerapiError('not_foudn'), /not registered/);
  // @ts-expect-error a template's parameters are required
  void (() => new TerapiError('proxy_timeout.after'));
});

test('a provider module registers its codes into the one registry, typed like terapi’s own', () => {
  const e = new TerapiError('salesforce_inactive_user');
  assert.deepEqual([e.status, e.code], [400, 'salesforce_inactive_user']);
  assert.equal(registeredErrorCodes().find((c) => c.code === 'salesforce_inactive_user')?.owner, 'salesforce');
  assert.equal(registeredErrorCodes().find((c) => c.code === 'not_found')?.owner, 'terapi');
});
