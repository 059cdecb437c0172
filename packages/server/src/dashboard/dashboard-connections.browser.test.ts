// The dashboard's connection pages in a real headless Chromium, against real PostgreSQL, the Salesforce
// simulator and the pre-built Salesforce functions (issue 12 points 4, 8, 9): filters held in the URL (one that
// matches nothing), the detail page's token state and the org's API usage, credentials absent from the page
// until revealed, Refresh now, a reconnect link, a sync triggered and its records browsed, a delete confirmed
// twice, a keyboard-only pass through the detail actions, and axe-core on each page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
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

type Conn = { credentials: { access_token: string }; last_refresh_at: string | null };

describe('the dashboard connection pages', { skip: browserTestsSkipReason(), timeout: 300_000 }, () => {
  let env: TerapiWithSim;
  let browser: Browser;
  let connectionId: string;
  let other: string;
  const KEY = 'salesforce';
  const getConnection = async (id: string) => (await (await env.t.api(`/connections/${encodeURIComponent(id)}?provider_config_key=${KEY}`)).json()) as Conn;

  before(async () => {
    env = await startTerapiWithSalesforceSim();
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    await env.sim.control.seed(org.id, 45);
    const err: string[] = [];
    const code = await deployCommand(PREBUILT_FUNCTIONS_DIR, { env: { TERAPI_HOST: env.t.url, TERAPI_SECRET_KEY: env.t.devSecretKey }, out: () => undefined, err: (l: string) => void err.push(l) });
    assert.equal(code, 0, err.join('\n'));
    ({ connectionId } = await connectSalesforce(env.t, env.sim, { endUserId: 'ada' }));
    ({ connectionId: other } = await connectSalesforce(env.t, env.sim, { endUserId: 'grace' }));
    // one proxied call: Salesforce's Sforce-Limit-Info becomes the org's API usage reading
    const res = await env.t.api('/proxy/services/data/v60.0/limits', { headers: { 'connection-id': connectionId, 'provider-config-key': KEY } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    await env.t.services.proxy.flush();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  async function signedIn(): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${env.t.url}/dashboard/sign-in`);
    await page.getByLabel('Secret key or dashboard token').fill(env.t.devSecretKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Getting started' }).waitFor();
    return page;
  }

  test('filters live in the URL; a filter that matches nothing says so; a page is server-paged', async () => {
    const page = await signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('link', { name: connectionId }).waitFor();
    await page.getByRole('link', { name: other }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('End user ID').fill('ada');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/end_user=ada/);
    await page.getByRole('status').filter({ hasText: '1 connections shown' }).waitFor();
    assert.equal(await page.getByRole('link', { name: other }).count(), 0);
    await page.getByLabel('Status').selectOption('refresh_failed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No connection matches these filters. Change or clear them.').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    // the URL alone restores the filters
    await page.goto(`${env.t.url}/dashboard/connections?integration=${KEY}&tag=end_user_id:grace`);
    await page.getByRole('link', { name: other }).waitFor();
    assert.equal(await page.getByLabel('Tag').inputValue(), 'end_user_id:grace');
    assert.equal(await page.getByRole('link', { name: connectionId }).count(), 0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('link', { name: connectionId }).waitFor();
    await page.context().close();
  });

  test('the detail page: token state, API usage, credentials only on Reveal, Refresh now, a reconnect link', async () => {
    const page = await signedIn();
    await page.goto(`${env.t.url}/dashboard/connections/${encodeURIComponent(connectionId)}?integration=${KEY}`);
    await page.getByRole('heading', { name: `Connection ${connectionId}` }).waitFor();
    const token = page.getByRole('region', { name: 'Token' });
    await token.getByText('Healthy').waitFor();
    await page.getByText(/^[\d,]+ of [\d,]+ daily API requests used$/).waitFor();
    await page.getByRole('term').filter({ hasText: 'Instance URL' }).waitFor();
    await page.getByRole('term').filter({ hasText: 'Org ID' }).waitFor();
    await page.getByRole('term').filter({ hasText: 'User ID' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    const before = await getConnection(connectionId);
    assert.equal((await page.content()).includes(before.credentials.access_token), false, 'the token is not in the page before Reveal');
    await page.getByRole('button', { name: 'Reveal credentials' }).click();
    await page.getByText(before.credentials.access_token, { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Hide credentials' }).click();
    assert.equal((await page.content()).includes(before.credentials.access_token), false);

    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByText('Token refreshed.').waitFor();
    const after = await getConnection(connectionId);
    assert.notEqual(after.last_refresh_at, before.last_refresh_at);
    // the page shows the new refresh without a reload (the latest refresh attempt from the operation log)
    await token.getByText(/^Succeeded at /).waitFor();

    await page.getByRole('button', { name: 'New reconnect link' }).click();
    await page.getByRole('link', { name: /\/connect\/\?session_token=/ }).waitFor();
    await page.getByRole('button', { name: 'Copy the link' }).waitFor();
    await page.context().close();
  });

  test('trigger a sync, see its run in the history, and browse its records by model, filter and page', async () => {
    const page = await signedIn();
    await page.goto(`${env.t.url}/dashboard/connections/${encodeURIComponent(connectionId)}?integration=${KEY}`);
    const accounts = page.getByRole('article', { name: 'accounts', exact: true });
    await accounts.waitFor();
    // the auto-started run finishes; the page follows it without a reload
    await accounts.getByRole('definition').filter({ hasText: /^SalesforceAccount: \d+/ }).waitFor();
    await waitUntil('the first accounts run to end', async () => (await accounts.getByText('Succeeded').count()) > 0);
    await page.getByRole('button', { name: 'Trigger accounts' }).click();
    await page.getByText('accounts: run requested.').waitFor();
    await accounts.getByText('Run history').click();
    await accounts.getByRole('row').filter({ hasText: /SalesforceAccount: [1-9]\d* added/ }).waitFor();
    await waitUntil('two finished runs in the history', async () => (await accounts.getByRole('row').filter({ hasText: 'Succeeded' }).count()) >= 2);
    await page.getByRole('button', { name: 'Pause accounts' }).click();
    await accounts.getByRole('definition').filter({ hasText: 'Paused' }).waitFor();
    await page.getByRole('button', { name: 'Start accounts' }).click();
    await page.getByText('accounts started.').waitFor();
    assert.deepEqual(await axeViolations(page), []);

    const records = page.getByRole('region', { name: 'Records' });
    await records.getByLabel('Model').selectOption('SalesforceAccount');
    await records.getByText('Page 1: 20 records').waitFor();
    const first = records.locator('summary').first();
    const firstText = await first.textContent();
    await first.click();
    await records.getByText('"_nango_metadata"').first().waitFor();
    await records.getByRole('button', { name: 'Next page' }).click();
    await records.getByText('Page 2: 20 records').waitFor();
    assert.notEqual(await records.locator('summary').first().textContent(), firstText);
    await records.getByRole('button', { name: 'Previous page' }).click();
    await records.getByText('Page 1: 20 records').waitFor();
    await records.getByLabel('Show').selectOption('deleted');
    await records.getByText('No record for this model and filter.').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.context().close();
  });

  test('keyboard only through the detail actions; a delete confirmed twice deletes once and says so', async () => {
    const page = await signedIn();
    await page.goto(`${env.t.url}/dashboard/connections/${encodeURIComponent(other)}?integration=${KEY}`);
    await page.getByRole('button', { name: 'Refresh now' }).waitFor();
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    for (let i = 0; i < 40 && (await focusedText()) !== 'Refresh now'; i++) await page.keyboard.press('Tab');
    assert.equal(await focusedText(), 'Refresh now');
    await page.keyboard.press('Enter');
    await page.getByText('Token refreshed.').waitFor();
    for (let i = 0; i < 10 && (await focusedText()) !== 'Delete connection'; i++) await page.keyboard.press('Tab');
    assert.equal(await focusedText(), 'Delete connection');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Delete connection ${other}?` });
    await dialog.waitFor();
    assert.equal(await focusedText(), 'Cancel', 'the dialog opens on its safe choice');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await env.t.api(`/connections/${encodeURIComponent(other)}?provider_config_key=${KEY}`)).status, 200, 'cancel deletes nothing');

    await page.getByRole('button', { name: 'Delete connection' }).click();
    await dialog.waitFor();
    // two confirms in the same instant: one delete, no error
    await dialog.getByRole('button', { name: 'Delete', exact: true }).evaluate((b: HTMLButtonElement) => {
      b.click();
      b.click();
    });
    await page.getByRole('status').filter({ hasText: new RegExp(`Connection ${other} (was already )?deleted\\.`) }).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.equal((await env.t.api(`/connections/${encodeURIComponent(other)}?provider_config_key=${KEY}`)).status, 404);
    await page.context().close();
  });

  test('a connection deleted elsewhere while the dialog is open: confirming says it is already gone', async () => {
    const { connectionId: third } = await connectSalesforce(env.t, env.sim, { endUserId: 'linus' });
    const page = await signedIn();
    await page.goto(`${env.t.url}/dashboard/connections/${encodeURIComponent(third)}?integration=${KEY}`);
    await page.getByRole('button', { name: 'Delete connection' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal((await env.t.api(`/connections/${encodeURIComponent(third)}?provider_config_key=${KEY}`, { method: 'DELETE' })).status, 200);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Connection ${third} was already deleted.` }).waitFor();
    await page.context().close();
  });
});
