// formatRestDatetime keeps the text of the last day it printed and writes the time from its digits; it must
// print exactly what the plain formula prints (a Date's ISO text with `+0000` for `Z`), in any order of stamps, and throw where it throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRestDatetime } from './salesforce-datetime.js';

const plain = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

test('the same text as a Date prints, for consecutive, random, negative and extreme stamps', () => {
  const stamps = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, -1, -9, -999, -1000, -1001, 8.64e15, -8.64e15, 253402300799999, 253402300800000, -62167219200000, -62167219200001, 1.5, -0.5, 1765000000000.25];
  for (let i = 0; i < 5000; i++) stamps.push(1765000000000 + i, Math.floor((Math.random() - 0.3) * 4e12), 1765000000000 + Math.floor(Math.random() * 3000), 1765000000000 + i * 997_000);
  // the last and first millisecond of days, and each second of one day's edges
  for (let d = -3; d < 3; d++) stamps.push(d * 86_400_000 - 1, d * 86_400_000, 1765065600000 + d * 86_400_000 - 1, 1765065600000 + d * 86_400_000);
  for (let sec = 0; sec < 86_400; sec += 1) stamps.push(1765065600000 + sec * 1000 + (sec % 1000));
  // years beyond 9999 and before 0, which print with six digits and a sign
  stamps.push(253402300800000 + 86_400_000 * 3 + 12_345, -62167219200000 - 86_400_000 * 400 + 1, 8.64e15 - 1, -8.64e15 + 1);
  for (const ms of stamps) assert.equal(formatRestDatetime(ms), plain(ms), String(ms));
  assert.equal(formatRestDatetime(1765000000123), '2025-12-06T05:46:40.123+0000');
});

test('beyond the range of a Date, or not a number, it throws as a Date does', () => {
  for (const ms of [8.64e15 + 1, -8.64e15 - 1, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => formatRestDatetime(ms), RangeError, String(ms));
});
