import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayFrequency, parseFrequency } from './sync-frequency.js';
import { TerapiError } from '../errors/terapi-error.js';

test('frequencies read as Nango scripts write them', () => {
  assert.equal(parseFrequency('every 1h'), 3_600_000);
  assert.equal(parseFrequency('30 minutes'), 1_800_000);
  assert.equal(parseFrequency('every day'), 86_400_000);
  assert.equal(parseFrequency('half day'), 43_200_000);
  assert.equal(parseFrequency('every half hour'), 1_800_000);
  assert.equal(parseFrequency('every 5 mins'), 300_000);
  assert.equal(parseFrequency('2 weeks'), 1_209_600_000);
  assert.equal(parseFrequency('1d'), 86_400_000);
  assert.equal(parseFrequency('Every 30 Seconds'), 30_000);
});

test('unreadable or too frequent schedules are refused with invalid_sync_frequency', () => {
  for (const bad of ['sometimes', '', 'every', '10 seconds', '5 parsecs', '-1h']) {
    assert.throws(() => parseFrequency(bad), (e: unknown) => e instanceof TerapiError && e.code === 'invalid_sync_frequency' && e.status === 400, bad);
  }
});

test('the effective frequency is shown as "every …"', () => {
  assert.equal(displayFrequency('30 minutes'), 'every 30 minutes');
  assert.equal(displayFrequency('every 1h'), 'every 1h');
});
