import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WriteBehind } from './write-behind.js';

function recorder(intervalMs: number) {
  const written: number[][] = [];
  let release: () => void = () => {};
  let slow = false;
  const q = new WriteBehind<number[]>({
    empty: () => [],
    isEmpty: (b) => b.length === 0,
    intervalMs,
    write: async (b) => {
      if (slow) await new Promise<void>((r) => (release = r));
      written.push(b);
    },
  });
  return { q, written, slowDown: () => (slow = true), release: () => release() };
}

test('adds are batched and written when the interval passes', async () => {
  const { q, written } = recorder(20);
  q.add((p) => p.push(1));
  q.add((p) => p.push(2));
  assert.deepEqual(written, []);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(written, [[1, 2]]);
});

test('flushNow writes at once; close writes what is left; empty batches are not written', async () => {
  const { q, written } = recorder(60_000);
  q.add((p) => p.push(1), true);
  await q.flush();
  assert.deepEqual(written, [[1]]);
  q.add((p) => p.push(2));
  await q.close();
  assert.deepEqual(written, [[1], [2]]);
  await q.flush();
  assert.deepEqual(written, [[1], [2]]);
});

test('batches are written one after another, in order, even when a write is slow', async () => {
  const r = recorder(60_000);
  r.slowDown();
  r.q.add((p) => p.push(1));
  const first = r.q.flush();
  r.q.add((p) => p.push(2));
  const second = r.q.flush();
  assert.deepEqual(r.q.pending, []);
  await new Promise((res) => setTimeout(res, 10));
  r.release();
  await first;
  await new Promise((res) => setTimeout(res, 10));
  r.release();
  await second;
  assert.deepEqual(r.written, [[1], [2]]);
});
