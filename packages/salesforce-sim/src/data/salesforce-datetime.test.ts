// formatRestDatetime keeps the text of the last second it printed; it must print exactly what the plain
// formula prints (a Date's ISO text with `+0000` for `Z`), in any order of stamps, and throw where it throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRestDatetime } from './salesforce-datetime.js';

const plain = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

test('the same text as a Date prints, for consecutive, random, negative and extreme stamps', () => {
  const stamps = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, -1, -9, -999, -1000, -1001, 8.64e15, -8.64e15, 253402300799999, 253402300800000, -62167219200000, -62167219200001, 1.5, -0.5, 1765000000000.25];
  for (let i = 0; i < 5000; i++) stamps.push(1765000000000 + i, Math.floor((Math.random() - 0.3) * 4e12), 1765000000000 + Math.floor(Math.random() * 3000));
  for (const ms of stamps) assert.equal(formatRestDatetime(ms), plain(ms), String(ms));
  assert.equal(formatRestDatetime(1765000000123), '2025-12-06T05:46:40.123+0000');
});

test('beyond the range of a Date, or not a number, it throws as a Date does', () => {
  for (const ms of [8.64e15 + 1, -8.64e15 - 1, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => formatRestDatetime(ms), RangeError, String(ms));
});
