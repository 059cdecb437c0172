import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, retryAfterMs, retryReasonForError, retryReasonForStatus, BACKOFF_CAP_MS } from './retry-policy.js';

const none = new Set<number>();

test('idempotent methods retry 429, 503 and rate-limit answers; other statuses are final', () => {
  assert.equal(retryReasonForStatus(429, 'GET', none, false), 'rate_limited');
  assert.equal(retryReasonForStatus(503, 'DELETE', none, false), 'unavailable');
  assert.equal(retryReasonForStatus(403, 'GET', none, true), 'rate_limited');
  assert.equal(retryReasonForStatus(403, 'GET', none, false), undefined);
  assert.equal(retryReasonForStatus(500, 'GET', none, false), undefined);
  assert.equal(retryReasonForStatus(404, 'PUT', none, false), undefined);
});

test('POST and PATCH are retried on a status only when the caller lists it in Retry-On', () => {
  assert.equal(retryReasonForStatus(503, 'POST', none, false), undefined);
  assert.equal(retryReasonForStatus(429, 'PATCH', none, false), undefined);
  assert.equal(retryReasonForStatus(503, 'POST', new Set([503]), false), 'retry_on');
  assert.equal(retryReasonForStatus(500, 'GET', new Set([500]), false), 'retry_on');
});

test('a refused connection is retried for any method; a reset one only for idempotent methods or with Retry-On', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  const wrappedReset = Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('read'), { code: 'ECONNRESET' }) });
  assert.equal(retryReasonForError(refused, 'POST', false), 'not_sent');
  assert.equal(retryReasonForError(reset, 'GET', false), 'connection_reset');
  assert.equal(retryReasonForError(wrappedReset, 'GET', false), 'connection_reset');
  assert.equal(retryReasonForError(reset, 'POST', false), undefined);
  assert.equal(retryReasonForError(reset, 'POST', true), 'connection_reset');
  assert.equal(retryReasonForError(new Error('boom'), 'GET', false), undefined);
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('3'), 3000);
  assert.equal(retryAfterMs(['0']), 0);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
  assert.equal(retryAfterMs('soon'), undefined);
  assert.equal(retryAfterMs(undefined), undefined);
});

test('backoff doubles per attempt with jitter in the upper half, is capped, and defers to Retry-After', () => {
  assert.equal(backoffMs(0, undefined, 100, () => 0), 50);
  assert.equal(backoffMs(0, undefined, 100, () => 1), 100);
  assert.equal(backoffMs(3, undefined, 100, () => 1), 800);
  assert.equal(backoffMs(30, undefined, 100, () => 1), BACKOFF_CAP_MS);
  assert.equal(backoffMs(2, 1500, 100, () => 1), 1500);
});
