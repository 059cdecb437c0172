// The query-string fast path builds exactly what qs builds (same keys, values, arrays, prototype), for
// plain strings and for every near miss that must fall back to qs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import qs from 'qs';
import { parseQueryString } from './query-string.js';

const viaQs = (s: string) => qs.parse(s, { arrayLimit: 100, depth: 5 });

const cases = [
  '',
  'a=1',
  'provider_config_key=salesforce',
  'provider_config_key=salesforce&force_refresh=true&refresh_token=false',
  'model=Account&limit=10000&cursor=MjAyNi0xMi0wN1QwNjoxMDowMC4wMDBaOjE',
  'a=',
  'a=&b=',
  'a=1&a=2',
  'a=1&b=2&a=3',
  'a',
  'a&b=1',
  '=1',
  '&a=1',
  'a=1&',
  'a=1&&b=2',
  'a=x+y',
  'a=x%20y',
  'a%5Bb%5D=1',
  'a[b]=1',
  'tags[env]=prod&limit=5',
  'a[]=1&a[]=2',
  'a.b=1',
  'a=b=c',
  '__proto__=1',
  'constructor=1&a=2',
  'toString=x',
  'hasOwnProperty=1',
  'valueOf=1&b=2',
  'a=1;b=2',
  'a=%E2%9C%93',
  'a=é',
  'a=1:2,3~4.5',
  'ä=1',
  'a-b_c=d',
  Array.from({ length: 60 }, (_, i) => `k${i}=${i}`).join('&'),
  Array.from({ length: 50 }, (_, i) => `k${i}=${i}`).join('&'),
  Array.from({ length: 1200 }, (_, i) => `k${i}=${i}`).join('&'),
];

test('each string parses to what qs parses it to, prototype included', () => {
  for (const s of cases) {
    const fast = parseQueryString(s);
    assert.deepStrictEqual(fast, viaQs(s), s);
    assert.equal(Object.getPrototypeOf(fast), Object.getPrototypeOf(viaQs(s)), s);
  }
});

test('random strings over the characters that matter parse as qs parses them', () => {
  const alphabet = ['a', 'b', 'k', '=', '&', '[', ']', '%', '5B', '+', '.', '_', '-', '1', '__proto__', 'constructor'];
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
  for (let n = 0; n < 5000; n++) {
    const s = Array.from({ length: 1 + (next() % 12) }, () => alphabet[next() % alphabet.length]).join('');
    assert.deepStrictEqual(parseQueryString(s), viaQs(s), s);
  }
});
