import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoMicros } from './record-store.js';
import { decodeCursor, encodeCursor, PageCursors } from './record-cursor.js';
import { TerapiError } from '../errors/terapi-error.js';

test('record timestamps are UTC ISO with six fractional digits and +00:00, whatever PostgreSQL trimmed', () => {
  assert.equal(isoMicros('2026-01-02 03:04:05.678901'), '2026-01-02T03:04:05.678901+00:00');
  assert.equal(isoMicros('2026-01-02 03:04:05.5'), '2026-01-02T03:04:05.500000+00:00');
  assert.equal(isoMicros('2026-01-02 03:04:05'), '2026-01-02T03:04:05.000000+00:00');
  assert.equal(isoMicros(null), null);
});

test('a cursor round-trips; anything else is invalid_cursor', () => {
  for (const p of [{ updatedAt: '2026-01-02T03:04:05.678901+00:00', id: 42 }, { updatedAt: '2024-02-29T23:59:59+00:00', id: 1 }, { updatedAt: '0001-01-01T00:00:00+00:00', id: 1 }]) {
    assert.deepEqual(decodeCursor(encodeCursor(p)), p);
    // The same text as before the reused buffer: cursors handed out by earlier versions stay valid and equal.
    assert.equal(encodeCursor(p), Buffer.from(`${p.updatedAt}||${p.id}`, 'utf8').toString('base64'));
  }
  // One after the other through the shared buffer, a shorter cursor keeps nothing of a longer one.
  assert.equal(encodeCursor({ updatedAt: '2026-01-02T03:04:05.678901+00:00', id: 1234567890123 }), Buffer.from('2026-01-02T03:04:05.678901+00:00||1234567890123').toString('base64'));
  assert.equal(encodeCursor({ updatedAt: '2026-01-02T03:04:05+00:00', id: 7 }), Buffer.from('2026-01-02T03:04:05+00:00||7').toString('base64'));
  for (const bad of ['', 'bm9wZQ==', Buffer.from('2026-01-02T03:04:05+00:00||x').toString('base64'), Buffer.from('2026-13-45T03:04:05+00:00||1').toString('base64'), Buffer.from('2026-01-02T03:04:05+00:00||1||2').toString('base64'), ...['2024-02-30T00:00:00+00:00||1', '2023-02-29T00:00:00+00:00||1', '0000-01-01T00:00:00+00:00||1', '2024-01-01T24:00:00+00:00||1', '2024-01-01T00:60:00+00:00||1', '2024-01-01T00:00:00+00:00||9007199254740993'].map((t) => Buffer.from(t).toString('base64'))]) {
    assert.throws(() => decodeCursor(bad), (e: unknown) => e instanceof TerapiError && e.code === 'invalid_cursor' && e.status === 400, bad);
  }
});

test("a page's cursors are the base64 of \"<updated_at>||<id>\" for ids of every length and timestamps of every width", () => {
  const cursors = new PageCursors();
  const plain = (updatedAt: string, id: number) => Buffer.from(`${updatedAt}||${id}`, 'latin1').toString('base64');
  const ids = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000, 123_456, 999_999, 1_000_000, 12_345_678, 100_000_000, 987_654_321_012, 2 ** 52 + 7, Number.MAX_SAFE_INTEGER];
  for (let k = 0; k < 2_000; k++) ids.push(Math.floor(Math.random() * 10 ** (1 + (k % 16))));
  // Runs of one timestamp, a change back and forth, and widths other than 32 characters (the general path).
  for (const updatedAt of ['2026-01-02T03:04:05.678901+00:00', '2026-01-02T03:04:05.678902+00:00', '2026-01-02T03:04:05.678901+00:00', '2026-01-02T03:04:05+00:00', '12026-01-02T03:04:05.678901+00:00']) {
    for (const id of ids.filter(Number.isSafeInteger)) assert.equal(cursors.cursor(updatedAt, id), plain(updatedAt, id), `${updatedAt} ${id}`);
  }
  assert.deepEqual(decodeCursor(cursors.cursor('2026-01-02T03:04:05.678901+00:00', 4_321)), { updatedAt: '2026-01-02T03:04:05.678901+00:00', id: 4_321 });
});
