import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { SimSummary } from '../control/sim-summary.js';
import { runSalesforceSimCli } from './run-salesforce-sim-cli.js';

async function runUntilOutput(argv: string[]): Promise<{ output: string; stop: () => Promise<void> }> {
  const stdout = new PassThrough();
  let release: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => (release = resolve));
  const run = runSalesforceSimCli(argv, { stdout, stopSignal });
  const [chunk] = (await once(stdout, 'data')) as [Buffer];
  return {
    output: chunk.toString('utf8'),
    stop: async () => {
      release();
      await run;
    },
  };
}

test('--json prints the summary object as the first stdout line and serves it until stopped', async () => {
  const { output, stop } = await runUntilOutput(['--port', '0', '--json', '--callback-url', 'http://localhost:4000/cb']);
  try {
    const firstLine = output.split('\n')[0] ?? '';
    const summary = JSON.parse(firstLine) as SimSummary;
    assert.match(summary.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(summary.upstreamMap.split(',')[0], `login.salesforce.com=${summary.origin}`);
    assert.deepEqual(summary.orgs.map((o) => o.myDomain), ['acme.my.salesforce.com', 'acme--uat.sandbox.my.salesforce.com']);
    assert.deepEqual(summary.orgs[0]?.apps[0]?.callbackUrls, ['http://localhost:4000/cb']);
    const live = (await (await fetch(`${summary.origin}/__sim/summary`)).json()) as SimSummary;
    assert.deepEqual(live, summary);
  } finally {
    await stop();
  }
});

test('without --json it prints a readable summary with the TERAPI_UPSTREAM_MAP value', async () => {
  const { output, stop } = await runUntilOutput(['--port', '0']);
  try {
    assert.match(output, /^Salesforce simulator listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(output, /TERAPI_UPSTREAM_MAP=login\.salesforce\.com=http:\/\/127\.0\.0\.1:\d+,test\.salesforce\.com=/);
    assert.match(output, /admin@acme\.example/);
  } finally {
    await stop();
  }
});

test('a bad --port is refused before anything starts', async () => {
  await assert.rejects(runSalesforceSimCli(['--port', 'abc'], { stopSignal: Promise.resolve() }), /--port must be a non-negative integer/);
});
