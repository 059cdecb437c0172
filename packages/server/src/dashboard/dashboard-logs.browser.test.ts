// The dashboard's Logs, Webhooks and Environment settings pages in a real headless Chromium, against real
// PostgreSQL and the Salesforce simulator (issue 12 points 5-7, 9): a proxy call and a sync run found in the
// logs, a detail view without a secret, a live entry without reload, a filter that matches nothing, a keyboard-only
// pass of the filters, a failed webhook redelivered to a loopback app (its new attempt shows without reload), the
// secret key rotated with the old one still working and a warning shown; axe-core on every page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsSkipReason, launchChromium } from '../testing/headless-chromium.js';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import { deployCommand } from '../cli/deploy-command.js';
import { PREBUILT_FUNCTIONS_DIR } from '../functions/testing/deploy-folder.js';
import { waitUntil } from '../testing/wait-until.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: await readFile(AXE, 'utf8') });
  const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as { violations: { id: string; impact: string; nodes: unknown[] }[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

/** The app's webhook endpoint: answers 400 to the first POST (terapi gives up at once: a 4xx is not retried), 200 after. */
async function failOnceReceiver(): Promise<{ url: string; received: number; close(): Promise<void> }> {
  const state = { received: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.received++;
      const status = state.received === 1 ? 400 : 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    get received() {
      return state.received;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

interface Op {
  id: string;
  kind: string;
  status: string;
  connection_id: string | null;
}

describe('the dashboard: logs, webhooks, environment', { skip: browserTestsSkipReason() }, () => {
  let env: TerapiWithSim;
  let receiver: Awaited<ReturnType<typeof failOnceReceiver>>;
  let browser: Browser;
  let connectionId: string;
  let accessToken: string;

  const ops = async (qs: string): Promise<Op[]> => ((await (await env.t.api(`/logs/operations?${qs}`)).json()) as { operations: Op[] }).operations;
  const proxyCall = async () => {
    const res = await env.t.api('/proxy/services/oauth2/userinfo', { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
    assert.equal(res.status, 200, await res.clone().text());
  };

  before(async () => {
    env = await startTerapiWithSalesforceSim();
    receiver = await failOnceReceiver();
    assert.equal((await env.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: true } })).status, 200);
    ({ connectionId } = await connectSalesforce(env.t, env.sim));
    const connection = (await (await env.t.api(`/connections/${connectionId}?provider_config_key=salesforce`)).json()) as { credentials: { access_token: string } };
    accessToken = connection.credentials.access_token;
    await proxyCall();
    // a sync run: the pre-built functions, deployed as `terapi deploy` does, and the accounts sync triggered
    const out: string[] = [];
    const io = { env: { TERAPI_HOST: env.t.url, TERAPI_SECRET_KEY: env.t.devSecretKey }, out: (l: string) => void out.push(l), err: (l: string) => void out.push(l) };
    assert.equal(await deployCommand(PREBUILT_FUNCTIONS_DIR, io), 0, out.join('\n'));
    const trigger = await env.t.api('/sync/trigger', { method: 'POST', json: { syncs: ['accounts'], provider_config_key: 'salesforce', connection_id: connectionId } });
    assert.equal(trigger.status, 200, await trigger.text());
    await waitUntil('a proxy call and a sync run in the log', async () => (await ops('kind=proxy')).length > 0 && (await ops('kind=sync')).length > 0);
    // The deploy also starts the autoStart syncs (accounts, contacts), and a sync's calls to Salesforce are logged
    // as this connection's proxy calls. The logs test counts those: every sync run has ended first (no job due or
    // running; what is left is the next hourly run), and the log has been written out.
    await waitUntil('no sync job due and no run in progress', async () => {
      const { rows } = await env.t.services.db.query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'terapi_sync' and (run_at <= now() or locked_at is not null)`);
      return rows[0]!.n === 0;
    });
    await env.t.services.proxy.flush();
    await waitUntil('the auth webhook refused by the app', async () => receiver.received === 1 && ((await (await env.t.api('/webhooks/deliveries?status=failed')).json()) as { deliveries: unknown[] }).deliveries.length === 1);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await env?.close();
    await receiver?.close();
  });

  async function signedIn(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${env.t.url}/dashboard/sign-in`);
    await page.getByLabel('Secret key or dashboard token').fill(env.t.devSecretKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Getting started' }).waitFor();
    return { context, page };
  }

  test('the logs: a proxy call and a sync run, a detail without a secret, a live entry, a filter that matches nothing', async () => {
    const { context, page } = await signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'Logs' }).waitFor();
    await page.getByRole('cell', { name: 'Proxy call' }).first().waitFor();
    await page.getByRole('cell', { name: 'Connect', exact: true }).first().waitFor();
    assert.deepEqual(await axeViolations(page), []);

    // the sync run, by its filter (kept in the URL)
    await page.getByLabel('Kind').selectOption('sync');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\/dashboard\/logs\?kind=sync$/);
    await page.getByRole('cell', { name: 'Sync run' }).first().waitFor();
    assert.equal(await page.getByRole('cell', { name: 'Proxy call' }).count(), 0);

    // the proxy call in full: what was called, and no token anywhere on the page
    await page.getByLabel('Kind').selectOption('proxy');
    await page.getByLabel('Connection id').fill(connectionId);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('row').filter({ hasText: 'Proxy call' }).first().getByRole('link').click();
    await page.getByRole('heading', { name: /^Operation \d+$/ }).waitFor();
    await page.getByText(/^GET \/services\//).first().waitFor({ timeout: 30_000 }).catch(async () => assert.fail(`no proxy path on ${page.url()}: ${(await page.locator('main').innerText()).slice(0, 1500)}`));
    const html = await page.content();
    assert.ok(!html.includes(accessToken), 'the access token is not on the page');
    assert.ok(!html.includes(env.t.devSecretKey), 'the secret key is not on the page');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('link', { name: 'Back to the logs' }).click();
    await page.waitForURL(/kind=proxy/);
    // The list is read afresh before it is counted. The one cached before the detail view is stale after 10 s
    // (staleTime) and refetched in the background; a refetch that lands after the call below takes that call into
    // the first page and moves the live cursor past it, so no new entry would ever show.
    await page.reload();
    await page.getByRole('cell', { name: 'Proxy call' }).first().waitFor();

    // a new entry shows without a reload
    const before = await page.getByRole('cell', { name: 'Proxy call' }).count();
    await proxyCall();
    await page.getByRole('status').filter({ hasText: '1 new entries since the page opened' }).waitFor();
    assert.equal(await page.getByRole('cell', { name: 'Proxy call' }).count(), before + 1);

    // a filter that matches nothing says so
    await page.getByLabel('Connection id').fill('no-such-connection');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No operation matches these filters.').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  test('keyboard only: the logs filters', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${env.t.url}/dashboard/logs`);
    await page.getByRole('heading', { name: 'Logs' }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const id = el?.id ?? '';
        const label = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent : null;
        return label ?? el?.textContent ?? '';
      });
    for (let i = 0; i < 20 && (await focused()) !== 'Kind'; i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Kind');
    for (let i = 0; i < 10 && (await page.getByLabel('Kind').inputValue()) !== 'proxy'; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByLabel('Kind').inputValue(), 'proxy');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Status');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Integration');
    await page.keyboard.type('salesforce');
    await page.keyboard.press('Enter');
    await waitUntil('the filters in the URL', () => page.url().endsWith('/dashboard/logs?kind=proxy&status=success&integration=salesforce') || undefined, { ms: 10_000 }).catch(() => assert.fail(`the URL is ${page.url()}`));
    await page.getByRole('cell', { name: 'Proxy call' }).first().waitFor();
    // the date fields hold one stop per part (day, month, year, hours, minutes, seconds)
    for (let i = 0; i < 60 && (await focused()) !== 'Clear filters'; i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Clear filters');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dashboard\/logs$/);
    await context.close();
  });

  test('webhooks: the refused delivery, redelivered, shows its new attempt without a reload', async () => {
    const { context, page } = await signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    assert.equal(await page.getByLabel('Webhook URL', { exact: true }).inputValue(), receiver.url);
    const row = page.getByRole('row').filter({ hasText: 'Failed' });
    await row.getByRole('cell', { name: '400', exact: true }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await row.getByRole('button', { name: /^Redeliver delivery / }).click();
    // the same row becomes delivered, with a second attempt
    const delivered = page.getByRole('row').filter({ hasText: 'Delivered' });
    await delivered.getByRole('cell', { name: '200', exact: true }).waitFor();
    assert.equal(receiver.received, 2);
    await delivered.getByRole('button', { name: /^Attempts of delivery / }).click();
    const attempts = page.getByRole('table', { name: /^Attempts of delivery / });
    await attempts.getByRole('cell', { name: 'answer 400' }).waitFor();
    await attempts.getByRole('cell', { name: 'answer 200' }).waitFor();
    await attempts.getByRole('cell', { name: '2 (redelivery)' }).waitFor();
    // the incoming-webhook URL of the integration, linked from its edit page
    await page.goto(`${env.t.url}/dashboard/integrations/salesforce`);
    await page.getByRole('link', { name: 'Incoming-webhook URL and secret for this integration' }).click();
    assert.equal(await page.getByLabel('Integration', { exact: true }).inputValue(), 'salesforce');
    await page.getByText(`${env.t.url}/webhook/`).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  test('environment settings: rotating the key keeps the old one working, with a warning showing both', async () => {
    const { context, page } = await signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Environment settings' }).click();
    await page.getByRole('heading', { name: 'Environment settings: dev' }).waitFor();
    await page.getByText(`${env.t.url}/oauth/callback`).waitFor();
    assert.equal(await page.getByText(env.t.devSecretKey).count(), 0, 'masked until revealed');
    await page.getByRole('button', { name: 'Reveal key: Current secret key' }).click();
    await page.getByText(env.t.devSecretKey).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('button', { name: 'Rotate the secret key' }).click();
    await page.getByLabel('Keep the old key working for').selectOption('24');
    await page.getByRole('button', { name: 'Rotate now' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'The previous secret key still works until' });
    await warning.waitFor();
    await page.getByRole('button', { name: 'Reveal key: Previous secret key' }).click();
    await warning.getByText(env.t.devSecretKey).waitFor();
    const keys = (await (await env.t.api('/dashboard/api/secret-key')).json()) as { secret_key: string; previous_secret_key: { secret_key: string } };
    assert.equal(keys.previous_secret_key.secret_key, env.t.devSecretKey, 'the old key still works (this call used it)');
    await page.getByLabel('Current secret key').getByText(keys.secret_key).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    // the Connect UI look
    await page.getByLabel('Theme', { exact: true }).selectOption('dark');
    await page.getByRole('button', { name: 'Save' }).last().click();
    await page.getByRole('status').filter({ hasText: 'Connect UI settings saved.' }).waitFor();
    const ui = (await (await env.t.api('/environment/connect-ui-settings')).json()) as { data: { defaultTheme: string } };
    assert.equal(ui.data.defaultTheme, 'dark');
    await context.close();
  });
});
