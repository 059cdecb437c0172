import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { startSalesforceSim } from '../start-salesforce-sim.js';
import type { SimSummary } from '../control/sim-summary.js';

const DEFAULT_PORT = 9100;

export interface SalesforceSimCliIo {
  stdout?: NodeJS.WritableStream;
  /** Resolves when the simulator should stop; default: the first SIGINT or SIGTERM. */
  stopSignal?: Promise<unknown>;
}

/**
 * `terapi sim salesforce [--port N] [--seed N] [--callback-url URL] [--json]` (operations.md "The Salesforce
 * simulator"). With `--json` the summary object is the first stdout line. Runs until SIGINT/SIGTERM.
 */
export async function runSalesforceSimCli(argv: string[], io: SalesforceSimCliIo = {}): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      'callback-url': { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_PORT : integerOption('--port', values.port);
  const seed = values.seed === undefined ? undefined : integerOption('--seed', values.seed);
  const out = io.stdout ?? process.stdout;
  const running = await startSalesforceSim({
    port,
    approval: 'consent-page',
    ...(seed !== undefined ? { seed } : {}),
    ...(values['callback-url'] !== undefined ? { callbackUrls: values['callback-url'] } : {}),
  });
  const summary = running.summary();
  out.write(values.json ? `${JSON.stringify(summary)}\n` : readableSummary(summary));
  const stop =
    io.stopSignal ?? Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await stop;
  await running.close();
}

function integerOption(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${value}`);
  return n;
}

function readableSummary(summary: SimSummary): string {
  const lines = [`Salesforce simulator listening on ${summary.origin}`, ''];
  for (const org of summary.orgs) {
    lines.push(`${org.sandbox ? 'Sandbox' : 'Production'} org ${org.id}  https://${org.myDomain}`);
    for (const u of org.users) lines.push(`  user      ${u.username}  (${u.id})`);
    for (const a of org.apps) {
      lines.push(`  client id ${a.clientId}`, `  secret    ${a.clientSecret}`, `  callbacks ${a.callbackUrls.join(', ')}`);
    }
    lines.push('');
  }
  lines.push('Point terapi at it with:', `  TERAPI_UPSTREAM_MAP=${summary.upstreamMap}`, '', 'Control API: ' + `${summary.origin}/__sim/summary`, 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}
