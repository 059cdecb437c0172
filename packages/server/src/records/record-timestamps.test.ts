import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoMicros } from './record-store.js';
import { decodeCursor, encodeCursor } from './record-cursor.js';
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
