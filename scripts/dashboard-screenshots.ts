// Screenshots of each dashboard page into docs/dashboard/ (issue 12 point 9), taken in headless Chromium
// against a real terapi and the Salesforce simulator. Run: `npm run screenshots` (through scripts/test.mjs,
// which provides the PostgreSQL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../packages/server/src/testing/headless-chromium.js';
import { startTerapiWithSalesforceSim } from '../packages/server/src/providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../packages/server/src/providers/salesforce/testing/connect-salesforce.js';
import { waitUntil } from '../packages/server/src/testing/wait-until.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const OUT = new URL('../docs/dashboard/', import.meta.url).pathname;

test('dashboard screenshots', async () => {
  mkdirSync(OUT, { recursive: true });
  const env = await startTerapiWithSalesforceSim();
  const browser = await launchChromium();
  try {
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    const app = org.apps[0]!;
    await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: app.clientId, client_secret: app.clientSecret, scopes: 'api,refresh_token' } } });
    await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce-cc', unique_key: 'salesforce-cc' } });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const shot = (name: string) => page.screenshot({ path: `${OUT}${name}.png`, fullPage: true });
    await page.goto(`${env.t.url}/dashboard/sign-in`);
    await page.getByLabel('Secret key or dashboard token').fill('6f1b8a1e-9c7d-4e2a-8b3c-1d2e3f4a5b6c');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot('1-sign-in-wrong-key');
    await page.goto(env.t.dashboardUrl!);
    await page.getByRole('heading', { name: 'Getting started' }).waitFor();
    await shot('2-getting-started');
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('link', { name: 'Edit Salesforce', exact: true }).waitFor();
    await shot('3-integrations');
    await page.getByRole('link', { name: 'New integration' }).click();
    await page.getByLabel('Provider').selectOption('salesforce-sandbox');
    await page.getByRole('heading', { name: 'Set up Salesforce (Sandbox)' }).waitFor();
    await shot('4-new-integration-salesforce-guide');
    await page.getByLabel('Provider').selectOption('salesforce-cc');
    await page.getByRole('heading', { name: 'Set up Salesforce (Client Credentials)' }).waitFor();
    await shot('5-new-integration-client-credentials-guide');
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('heading', { name: 'Connections' }).waitFor();
    await page.getByText('No connection yet').waitFor();
    await shot('6-connections');
    // logs, webhooks and environment settings: a connection (its webhook refused once by the app), a proxy call
    const app400 = createServer((req, res) => req.resume().on('end', () => res.writeHead(400, { 'content-type': 'text/plain' }).end('unknown event')));
    await new Promise<void>((resolve) => app400.listen(0, '127.0.0.1', resolve));
    try {
      await env.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: `http://127.0.0.1:${(app400.address() as AddressInfo).port}/hooks` } });
      const { connectionId } = await connectSalesforce(env.t, env.sim);
      await env.t.api('/proxy/services/oauth2/userinfo', { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
      await waitUntil('the webhook refused', async () => ((await (await env.t.api('/webhooks/deliveries?status=failed')).json()) as { deliveries: unknown[] }).deliveries.length > 0);
      await waitUntil('the proxy call logged', async () => ((await (await env.t.api('/logs/operations?kind=proxy')).json()) as { operations: unknown[] }).operations.length > 0);
    } finally {
      app400.closeAllConnections();
      app400.close();
    }
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('cell', { name: 'Proxy call' }).first().waitFor();
    await shot('7-logs');
    await page.getByRole('row').filter({ hasText: 'Proxy call' }).first().getByRole('link').click();
    await page.getByRole('heading', { name: /^Operation / }).waitFor();
    await shot('8-log-detail');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: /^Attempts of delivery / }).first().click();
    await page.getByRole('table', { name: /^Attempts of delivery / }).waitFor();
    await shot('9-webhooks');
    await page.getByRole('link', { name: 'Environment settings' }).click();
    await page.getByRole('button', { name: 'Rotate the secret key' }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await page.getByRole('alert').filter({ hasText: 'still works until' }).waitFor();
    await shot('10-environment');
    await context.close();
    assert.ok(true);
  } finally {
    await browser.close();
    await env.close();
  }
});
