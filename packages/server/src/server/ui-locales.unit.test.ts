// The web UIs terapi serves (the Connect UI, the dashboard) fall back to English, key by key, when a locale
// file lacks a message (their i18n/i18n.tsx), so a gap never shows as an error: the page is just half in
// English. This test is what notices: every locale file has exactly en.json's keys, keeps each message's
// {placeholders} (a lost one drops the value, an unknown one shows as "{name}"), and is loaded by i18n.tsx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));
const UIS = ['connect-ui', 'dashboard'];
// The syntax translator() in i18n.tsx substitutes.
const PLACEHOLDER = /\{(\w+)\}/g;

type Catalog = Record<string, unknown>;

function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/** Every way `locale` differs from `en`, one line each, so a failure lists all the gaps at once. */
function gaps(en: Catalog, locale: Catalog): string[] {
  const found: string[] = [];
  for (const key of Object.keys(en)) {
    const message = locale[key];
    if (!(key in locale)) found.push(`missing: ${key}`);
    else if (typeof message !== 'string' || message.trim() === '') found.push(`empty or not a string: ${key}`);
    else {
      const want = placeholders(en[key] as string).join(', ');
      const got = placeholders(message).join(', ');
      if (want !== got) found.push(`placeholders of ${key}: English has {${want}}, this locale {${got}}`);
    }
  }
  for (const key of Object.keys(locale)) if (!(key in en)) found.push(`not in en.json: ${key}`);
  return found;
}

for (const ui of UIS) {
  const i18nDir = join(packagesDir, ui, 'src', 'i18n');
  const messagesDir = join(i18nDir, 'messages');
  const read = (file: string) => JSON.parse(readFileSync(join(messagesDir, file), 'utf8')) as Catalog;
  const en = read('en.json');
  const locales = readdirSync(messagesDir).filter((f) => f.endsWith('.json') && f !== 'en.json');

  test(`${ui}: en.json's messages are non-empty strings`, () => {
    assert.ok(Object.keys(en).length > 0);
    assert.deepEqual(
      Object.entries(en).filter(([, m]) => typeof m !== 'string' || m.trim() === '').map(([k]) => k),
      [],
    );
  });

  test(`${ui}: i18n.tsx loads every locale file`, () => {
    const source = readFileSync(join(i18nDir, 'i18n.tsx'), 'utf8');
    assert.deepEqual(
      ['en.json', ...locales].filter((f) => !source.includes(`'./messages/${f}'`)),
      [],
    );
  });

  for (const file of locales) {
    test(`${ui}: ${file} has en.json's keys and placeholders`, () => {
      assert.deepEqual(gaps(en, read(file)), []);
    });
  }
}

test('the check finds a missing key, an extra key and a lost or unknown placeholder', () => {
  const en = { a: 'Hello {name}', b: '{count} rows', c: 'Plain' };
  assert.deepEqual(gaps(en, { a: 'Bonjour', b: '{total} lignes', d: 'x' }), [
    'placeholders of a: English has {name}, this locale {}',
    'placeholders of b: English has {count}, this locale {total}',
    'missing: c',
    'not in en.json: d',
  ]);
  assert.deepEqual(gaps(en, { a: '{name}, bonjour', b: '{count} lignes', c: 'Simple' }), []);
});
