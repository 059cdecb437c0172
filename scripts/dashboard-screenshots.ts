// Screenshots of each dashboard page into docs/dashboard/ (issue 12 point 9), taken in headless Chromium
// against a real terapi and the Salesforce simulator. Run: `npm run screenshots` (through scripts/test.mjs,
// which provides the PostgreSQL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../packages/server/src/testing/headless-chromium.js';
import { startTerapiWithSalesforceSim } from '../packages/server/src/providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../packages/server/src/providers/salesforce/testing/connect-salesforce.js';
import { deployCommand } from '../packages/server/src/cli/deploy-command.js';
import { PREBUILT_FUNCTIONS_DIR } from '../packages/server/src/functions/testing/deploy-folder.js';
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
    // a connection with synced records and an API usage reading, for the connection pages
    await env.sim.control.seed(org.id, 45);
    const io = { env: { TERAPI_HOST: env.t.url, TERAPI_SECRET_KEY: env.t.devSecretKey }, out: () => undefined, err: () => undefined };
    assert.equal(await deployCommand(PREBUILT_FUNCTIONS_DIR, io), 0);
    const { connectionId } = await connectSalesforce(env.t, env.sim, { endUserId: 'ada' });
    await connectSalesforce(env.t, env.sim, { endUserId: 'grace' });
    const proxied = await env.t.api('/proxy/services/data/v60.0/limits', { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
    await proxied.arrayBuffer();
    await env.t.services.proxy.flush();
    await waitUntil('the auto-started accounts sync to finish', async () => {
      const res = await env.t.api(`/sync/status?syncs=accounts&provider_config_key=salesforce&connection_id=${connectionId}`);
      return ((await res.json()) as { syncs: { status: string }[] }).syncs[0]?.status === 'SUCCESS';
    });
    await page.goto(`${env.t.url}/dashboard/connections`);
    await page.getByRole('link', { name: connectionId }).waitFor();
    await shot('7-connections-list');
    await page.getByLabel('Status').selectOption('refresh_failed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No connection matches these filters').waitFor();
    await shot('8-connections-no-match');
    await page.goto(`${env.t.url}/dashboard/connections/${encodeURIComponent(connectionId)}?integration=salesforce`);
    await page.getByText(/daily API requests used/).waitFor();
    await page.getByRole('article', { name: 'accounts', exact: true }).getByText('Run history').click();
    await page.getByRole('region', { name: 'Records' }).getByText(/^Page 1:/).waitFor();
    await page.getByRole('region', { name: 'Records' }).locator('summary').first().click();
    await shot('9-connection-detail');
    await page.getByRole('button', { name: 'Delete connection' }).click();
    await page.getByRole('dialog').waitFor();
    await page.screenshot({ path: `${OUT}10-connection-delete-confirm.png` });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    // logs, webhooks and environment settings: a connection (its webhook refused once by the app), a proxy call
    const app400 = createServer((req, res) => req.resume().on('end', () => res.writeHead(400, { 'content-type': 'text/plain' }).end('unknown event')));
    await new Promise<void>((resolve) => app400.listen(0, '127.0.0.1', resolve));
    try {
      await env.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: `http://127.0.0.1:${(app400.address() as AddressInfo).port}/hooks` } });
      const { connectionId: refused } = await connectSalesforce(env.t, env.sim, { endUserId: 'linus' });
      await env.t.api('/proxy/services/oauth2/userinfo', { headers: { 'connection-id': refused, 'provider-config-key': 'salesforce' } });
      await waitUntil('the webhook refused', async () => ((await (await env.t.api('/webhooks/deliveries?status=failed')).json()) as { deliveries: unknown[] }).deliveries.length > 0);
      await waitUntil('the proxy call logged', async () => ((await (await env.t.api('/logs/operations?kind=proxy')).json()) as { operations: unknown[] }).operations.length > 0);
    } finally {
      app400.closeAllConnections();
      app400.close();
    }
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('cell', { name: 'Proxy call' }).first().waitFor();
    await shot('11-logs');
    await page.getByRole('row').filter({ hasText: 'Proxy call' }).first().getByRole('link').click();
    await page.getByRole('heading', { name: /^Operation / }).waitFor();
    await shot('12-log-detail');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: /^Attempts of delivery / }).first().click();
    await page.getByRole('table', { name: /^Attempts of delivery / }).waitFor();
    await shot('13-webhooks');
    await page.getByRole('link', { name: 'Environment settings' }).click();
    await page.getByRole('button', { name: 'Rotate the secret key' }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await page.getByRole('alert').filter({ hasText: 'still works until' }).waitFor();
    await shot('14-environment');
    await context.close();
    assert.ok(true);
  } finally {
    await browser.close();
    await env.close();
  }
});
