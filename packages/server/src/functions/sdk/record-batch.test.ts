import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchRecords, recordRows, rowsOf } from './record-batch.js';

test("recordRows: each id once, in its first place with its last content; id and _nango_metadata out of the payload; no id, no row", () => {
  assert.deepEqual(recordRows([{ id: 'a', v: 1, _nango_metadata: { x: 1 } }, { id: 'b', v: 1 }, { id: 'a', v: 2 }, { v: 'no id' }, { id: null }, 'text', null, { id: 3 }, { id: '3', v: 'text' }]), {
    ids: ['a', 'b', '3'],
    payloads: '[{"v":2},{"v":1},{"v":"text"}]',
  });
  assert.deepEqual(recordRows([]), { ids: [], payloads: '[]' });
});

test('rowsOf takes rows as the SDK sends them, or records; anything else is refused; batchRecords reads either back', () => {
  assert.deepEqual(rowsOf(['a', 'b'], '[{},{"n":1}]'), { ids: ['a', 'b'], payloads: '[{},{"n":1}]' });
  assert.deepEqual(rowsOf([{ id: 'a', n: 1 }]), { ids: ['a'], payloads: '[{"n":1}]' });
  for (const [records, payloads] of [[{ id: 'a' }, undefined], [5, undefined], [null, undefined], [[1, 2], '[{},{}]'], ['ab', '[{}]'], [[{ id: 'a' }], '[{}]']]) {
    assert.throws(() => rowsOf(records, payloads), TypeError, JSON.stringify([records, payloads]));
  }
  assert.deepEqual(batchRecords(['a', 'b'], '[{"n":1},{}]'), [{ id: 'a', n: 1 }, { id: 'b' }]);
  assert.deepEqual(batchRecords([{ id: 'a', n: 1 }, { id: 'a', n: 2 }]), [{ id: 'a', n: 2 }]);
  for (const payloads of ['{"n":1}', 'not json', '[{}]']) assert.throws(() => batchRecords(['a', 'b'], payloads), TypeError, payloads);
});
