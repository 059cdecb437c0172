import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderedWrites } from './ordered-writes.js';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

test('writes started together apply in the order they were made, even when the first is the slowest', async () => {
  const inOrder = orderedWrites();
  const applied: string[] = [];
  const results = await Promise.all([
    inOrder(async () => applied.push(await later(30, 'slice 1'))),
    inOrder(async () => applied.push(await later(1, 'slice 2'))),
    inOrder(async () => applied.push(await later(10, 'slice 3'))),
  ]);
  assert.deepEqual(applied, ['slice 1', 'slice 2', 'slice 3']);
  assert.deepEqual(results, [1, 2, 3]);
});

test('a failed write fails its own call only; the next one still runs after it', async () => {
  const inOrder = orderedWrites();
  const applied: string[] = [];
  const failed = inOrder(async () => {
    await later(5, null);
    throw new Error('slice 1 refused');
  });
  const next = inOrder(async () => applied.push('slice 2'));
  await assert.rejects(failed, /slice 1 refused/);
  assert.equal(await next, 1);
  assert.deepEqual(applied, ['slice 2']);
});
