import assert from 'node:assert/strict';
import { test } from 'node:test';
import { watermarkAfter, type Watermark } from './watermark.js';

interface Row {
  id: string;
  stamp: string;
}

/** The rule as the engine applied it before, one row at a time: what watermarkAfter must equal. */
function rowByRow(w: Watermark, rows: readonly Row[], unordered: boolean): Watermark {
  let state = w;
  for (const row of rows) {
    const current = state.systemModstamp;
    if (unordered && current && row.stamp < current) continue;
    if (row.stamp === current) state = { ...state, seen: [...(state.seen ?? []), `${row.id}:fp`] };
    else state = { ...state, systemModstamp: row.stamp, seen: [`${row.id}:fp`] };
  }
  return state;
}

/** A small deterministic generator: pages whose stamps repeat often, sorted or not. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STAMPS = ['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z', '2026-01-01T00:00:03.000Z', '2026-01-01T00:00:04.000Z'];

test('a page moves the watermark exactly as its rows did one by one: ordered and unordered, any start', () => {
  const rnd = prng(7);
  let cases = 0;
  for (let i = 0; i < 3000; i++) {
    const length = Math.floor(rnd() * 7);
    const rows: Row[] = Array.from({ length }, (_, k) => ({ id: `r${i}-${k}`, stamp: STAMPS[Math.floor(rnd() * STAMPS.length)]! }));
    const sorted = rnd() < 0.5;
    if (sorted) rows.sort((a, b) => (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : 0));
    const startAt = Math.floor(rnd() * (STAMPS.length + 1));
    const start: Watermark = startAt === STAMPS.length ? {} : { systemModstamp: STAMPS[startAt], seen: ['old:fp'] };
    for (const unordered of [false, true]) {
      const got = watermarkAfter(start, rows, unordered, (r) => r.stamp, (r) => `${r.id}:fp`);
      assert.deepEqual(got, rowByRow(start, rows, unordered), JSON.stringify({ start, rows, unordered }));
      cases++;
    }
  }
  assert.equal(cases, 6000);
});

test('an ordered page fingerprints only its last run of equal stamps', () => {
  const rows: Row[] = [
    { id: 'a', stamp: STAMPS[0]! },
    { id: 'b', stamp: STAMPS[1]! },
    { id: 'c', stamp: STAMPS[2]! },
    { id: 'd', stamp: STAMPS[2]! },
  ];
  const fingerprinted: string[] = [];
  const w = watermarkAfter({ systemModstamp: STAMPS[0], seen: ['x:fp'], deletedCheckedUntil: 'kept' } as Watermark, rows, false, (r) => r.stamp, (r) => {
    fingerprinted.push(r.id);
    return `${r.id}:fp`;
  });
  assert.deepEqual(fingerprinted, ['c', 'd']);
  assert.deepEqual(w, { systemModstamp: STAMPS[2], seen: ['c:fp', 'd:fp'], deletedCheckedUntil: 'kept' });
});
