// The tallied metrics give Prometheus exactly what prom-client's own Counter and Histogram give for the same
// calls: the exposition text of a registry holding each is compared, scrape after scrape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Histogram, Registry } from 'prom-client';
import { TalliedCounter, TalliedHistogram } from './tallied-metrics.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

test('a tallied counter exposes what a prom-client Counter exposes, scrape after scrape', async () => {
  const ours = new Registry();
  const theirs = new Registry();
  const tallied = new TalliedCounter({ name: 'calls_total', help: 'Calls, by provider, method and status.', labelNames: ['provider', 'method', 'status'] as const, registers: [ours] });
  const counter = new Counter({ name: 'calls_total', help: 'Calls, by provider, method and status.', labelNames: ['provider', 'method', 'status'] as const, registers: [theirs] });
  const calls: Array<[string, string, string]> = [
    ['salesforce', 'GET', '200'],
    ['salesforce', 'GET', '200'],
    ['salesforce', 'POST', '201'],
    ['hubspot', 'GET', '429'],
    // Values with the characters Prometheus escapes, and one with the tally's separator.
    ['we"ird\\name', 'GET', '200'],
    ['a\u0001b', 'c', '200'],
    ['a', 'b\u0001c', '200'],
  ];
  for (const round of [calls, calls.slice(2), []]) {
    for (const [provider, method, status] of round) {
      tallied.inc(provider, method, status);
      counter.inc({ provider, method, status });
    }
    assert.equal(await ours.metrics(), await theirs.metrics());
  }
  assert.match(await ours.metrics(), /calls_total\{provider="salesforce",method="GET",status="200"\} 2/);
});

test('a tallied histogram exposes what a prom-client Histogram exposes: buckets, +Inf, sum and count', async () => {
  const ours = new Registry();
  const theirs = new Registry();
  const tallied = new TalliedHistogram({ name: 'duration_seconds', help: 'Time to the answer.', labelNames: ['provider'] as const, buckets: BUCKETS, registers: [ours] });
  const histogram = new Histogram({ name: 'duration_seconds', help: 'Time to the answer.', labelNames: ['provider'] as const, buckets: BUCKETS, registers: [theirs] });
  // Every bound exactly (a bucket holds values up to and including its bound), between bounds, above all, zero.
  const values = [0, 0.001, ...BUCKETS, 0.0051, 0.07, 0.7, 3, 29.9, 30.0001, 45, 1e6];
  for (const provider of ['salesforce', 'hubspot']) {
    for (const v of provider === 'salesforce' ? values : values.slice(5, 9)) {
      tallied.observe(v, provider);
      histogram.observe({ provider }, v);
    }
    assert.equal(await ours.metrics(), await theirs.metrics());
  }
  assert.match(await ours.metrics(), /duration_seconds_bucket\{le="\+Inf",provider="salesforce"\} 22/);
  tallied.reset();
  histogram.reset();
  assert.equal(await ours.metrics(), await theirs.metrics());
});
