// Waits in tests have deadlines (issue 10 point 9): a condition that never comes fails, naming what was awaited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitUntil } from './wait-until.js';
import { WebhookTestReceiver } from '../webhooks/webhook-test-receiver.js';

test('waitUntil returns the first value that is not undefined, null or false, and fails after its deadline', async () => {
  let n = 0;
  assert.equal(await waitUntil('the third call', () => (++n >= 3 ? n : undefined), { every: 1 }), 3);
  assert.equal(await waitUntil('zero', () => 0), 0);
  await assert.rejects(waitUntil('something that never comes', () => false, { ms: 50, every: 10 }), /timed out after 50 ms waiting for something that never comes/);
});

test('WebhookTestReceiver.waitFor fails after its deadline when no matching webhook arrives', async () => {
  const receiver = await WebhookTestReceiver.start();
  try {
    await assert.rejects(receiver.waitFor((r) => r.received.length > 0, 50), /no matching webhook within 50 ms; received 0/);
    await fetch(receiver.url, { method: 'POST', body: '{"type":"auth"}' });
    await receiver.waitFor((r) => r.received.length === 1, 5_000);
  } finally {
    await receiver.close();
  }
});
