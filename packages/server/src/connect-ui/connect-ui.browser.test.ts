// The Connect UI in a real headless Chromium, against real PostgreSQL and the Salesforce simulator (issue 11
// point 7). The host page runs on another origin than terapi and opens the UI with @nangohq/frontend's
// openConnectUI (nango-api.md §3.7); elements are found by role and label, as a user finds them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { browserTestsSkipReason, launchChromium } from '../testing/headless-chromium.js';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';

const require = createRequire(import.meta.url);
const SDK_DIR = dirname(require.resolve('@nangohq/frontend'));
const AXE = require.resolve('axe-core/axe.min.js');

const HOST_PAGE = `<!doctype html><html lang="en"><head><title>Acme app</title></head><body><h1>Acme app</h1><script type="module">
import Nango from '/sdk/index.js';
window.events = [];
window.openUI = (opts) => { window.ui = new Nango().openConnectUI({ ...opts, onEvent: (e) => window.events.push(e) }); };
</script></body></html>`;

type Event = { type: string; payload?: { providerConfigKey?: string; connectionId?: string; errorType?: string; errorMessage?: string } };

describe('the Connect UI in Chromium', { skip: browserTestsSkipReason() }, () => {
  let env: TerapiWithSim;
  let host: Server;
  let hostOrigin: string;
  let browser: Browser;
  let ccApp: { clientId: string; clientSecret: string };
  let myDomain: string;

  before(async () => {
    env = await startTerapiWithSalesforceSim({ sim: { approval: "consent-page" } });
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    myDomain = org.myDomain;
    const oauthApp = org.apps[0]!;
    const user = org.users[0]!;
    const created = env.sim.sim.createApp(org.id, { name: 'terapi-cc', clientCredentialsEnabled: true, clientCredentialsUser: user.username });
    ccApp = { clientId: created.clientId, clientSecret: created.clientSecret };
    for (const json of [
      { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: oauthApp.clientId, client_secret: oauthApp.clientSecret, scopes: 'api,refresh_token' } },
      { provider: 'salesforce-cc', unique_key: 'salesforce-cc' },
    ]) {
      const res = await env.t.api('/integrations', { method: 'POST', json });
      assert.equal(res.status, 200, await res.text());
    }
    host = createServer((req, res) => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0]!;
        if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(HOST_PAGE);
        const file = /^\/sdk\/([a-zA-Z]+\.js)$/.exec(path)?.[1];
        if (file) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(join(SDK_DIR, file)));
        res.writeHead(404).end();
      })();
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    const a = host.address();
    hostOrigin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => host?.close(r));
    await env?.close();
  });

  async function sessionToken(allowed: string[], extra: Record<string, unknown> = {}): Promise<{ token: string; link: string }> {
    const res = await env.t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'end-user-1' }, allowed_integrations: allowed, ...extra } });
    assert.equal(res.status, 201);
    const { data } = (await res.json()) as { data: { token: string; connect_link: string } };
    return { token: data.token, link: data.connect_link };
  }

  async function openInHost(context: BrowserContext, token: string, query = ''): Promise<{ page: Page; ui: FrameLocator }> {
    const page = await context.newPage();
    await page.goto(hostOrigin);
    await page.waitForFunction(() => 'openUI' in window);
    await page.evaluate(([baseURL, apiURL, sessionToken]) => (window as unknown as { openUI(o: unknown): void }).openUI({ baseURL, apiURL, sessionToken }), [`${env.t.url}/connect${query}`, env.t.url, token]);
    return { page, ui: page.frameLocator('#connect-ui') };
  }

  const events = (page: Page) => page.evaluate(() => (window as unknown as { events: Event[] }).events);
  /**
   * The host page's events once one of `type` has come. The iframe is another origin, so another renderer
   * process: its postMessage can reach the host a moment after the screen that follows it shows.
   */
  const eventsOnce = async (page: Page, type: string) => {
    await page.waitForFunction((t) => (window as unknown as { events: Event[] }).events.some((e) => e.type === t), type);
    return events(page);
  };

  async function axeViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: await readFile(AXE, 'utf8') });
    const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run())) as { violations: { id: string; impact: string; nodes: unknown[] }[] };
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
  }

  test('openConnectUI on another origin → Salesforce → popup → consent → connect event with the new connection id', async () => {
    const context = await browser.newContext();
    const { token } = await sessionToken(['salesforce']);
    const { page, ui } = await openInHost(context, token);
    await ui.getByRole('heading', { name: 'Connect Salesforce' }).waitFor();
    assert.deepEqual((await eventsOnce(page, 'settings_changed')).map((e) => e.type).slice(0, 2), ['ready', 'settings_changed']);
    await ui.getByLabel('My Domain').fill('acme.lightning.force.com');
    await ui.getByText('not the Lightning host').waitFor();
    await ui.getByLabel('My Domain').fill('');
    const popupPromise = context.waitForEvent('page');
    await ui.getByRole('button', { name: 'Connect', exact: true }).click();
    const popup = await popupPromise;
    await popup.getByRole('button', { name: 'Allow' }).click();
    await ui.getByRole('heading', { name: 'Connected' }).waitFor();
    const connect = (await eventsOnce(page, 'connect')).find((e) => e.type === 'connect');
    assert.equal(connect?.payload?.providerConfigKey, 'salesforce');
    const got = await env.t.api(`/connections/${connect!.payload!.connectionId}?provider_config_key=salesforce`);
    assert.equal(got.status, 200, 'the connection the event names exists');
    await ui.getByRole('button', { name: 'Done' }).click();
    await page.waitForFunction(() => !document.getElementById('connect-ui'));
    assert.ok((await events(page)).some((e) => e.type === 'close'));
    await context.close();
  });

  test('a closed popup is noticed: error screen, then Try again returns to the form', async () => {
    const context = await browser.newContext();
    const { token } = await sessionToken(['salesforce']);
    const { page, ui } = await openInHost(context, token);
    const popupPromise = context.waitForEvent('page');
    await ui.getByRole('button', { name: 'Connect', exact: true }).click();
    const popup = await popupPromise;
    await popup.getByRole('button', { name: 'Allow' }).waitFor();
    await popup.close();
    await ui.getByRole('heading', { name: 'The connection failed' }).waitFor();
    await ui.getByText('sign-in window was closed').waitFor();
    assert.equal((await eventsOnce(page, 'error')).find((e) => e.type === 'error')?.payload?.errorType, 'window_closed');
    await ui.getByRole('button', { name: 'Try again' }).click();
    await ui.getByRole('heading', { name: 'Connect Salesforce' }).waitFor();
    await context.close();
  });

  test('a client-credentials connection through the form, labelled as Salesforce labels it', async () => {
    const context = await browser.newContext();
    const { token } = await sessionToken(['salesforce', 'salesforce-cc']);
    const { page, ui } = await openInHost(context, token);
    await ui.getByRole('heading', { name: 'Choose an integration' }).waitFor();
    await ui.getByRole('button', { name: 'Salesforce (Client Credentials)' }).click();
    await ui.getByLabel('Hostname').fill('login.salesforce.com');
    await ui.getByText('works only on your org').waitFor();
    await ui.getByLabel('Hostname').fill(myDomain);
    await ui.getByLabel('Consumer Key').fill(ccApp.clientId);
    await ui.getByLabel('Consumer Secret').fill(ccApp.clientSecret);
    assert.equal(await ui.getByLabel('Consumer Secret').getAttribute('type'), 'password');
    await ui.getByRole('button', { name: 'Connect', exact: true }).click();
    await ui.getByRole('heading', { name: 'Connected' }).waitFor();
    const connect = (await eventsOnce(page, 'connect')).find((e) => e.type === 'connect');
    assert.equal(connect?.payload?.providerConfigKey, 'salesforce-cc');
    assert.equal((await env.t.api(`/connections/${connect!.payload!.connectionId}?provider_config_key=salesforce-cc`)).status, 200);
    await context.close();
  });

  test('a wrong Consumer Key shows terapi\'s explanation and Try again keeps what was typed', async () => {
    const context = await browser.newContext();
    const { token } = await sessionToken(['salesforce-cc']);
    const { page, ui } = await openInHost(context, token);
    await ui.getByLabel('Hostname').fill(myDomain);
    await ui.getByLabel('Consumer Key').fill('not-a-real-consumer-key');
    await ui.getByLabel('Consumer Secret').fill('whatever');
    await ui.getByRole('button', { name: 'Connect', exact: true }).click();
    await ui.getByRole('heading', { name: 'The connection failed' }).waitFor();
    await ui.getByText('Salesforce rejected the consumer key').waitFor();
    assert.equal((await eventsOnce(page, 'error')).find((e) => e.type === 'error')?.payload?.errorType, 'salesforce_invalid_client_id');
    await ui.getByRole('button', { name: 'Try again' }).click();
    await ui.getByRole('heading', { name: 'Connect Salesforce (Client Credentials)' }).waitFor();
    assert.equal(await ui.getByLabel('Consumer Key').inputValue(), 'not-a-real-consumer-key');
    await context.close();
  });

  test('the standalone connect link; an unknown token gets a clear screen and no data', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { link } = await sessionToken(['salesforce-cc']);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Connect Salesforce (Client Credentials)' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Close' }).count(), 0, 'nothing to close outside an iframe');
    await page.goto(`${env.t.url}/connect/?session_token=nango_connect_session_${'0'.repeat(64)}`);
    await page.getByRole('heading', { name: 'This link is no longer valid' }).waitFor();
    await page.goto(`${env.t.url}/connect/`);
    await page.getByRole('heading', { name: 'This link is incomplete' }).waitFor();
    await context.close();
  });

  test('the whole client-credentials flow by keyboard alone', async () => {
    const context = await browser.newContext();
    const { token } = await sessionToken(['salesforce', 'salesforce-cc']);
    const { page, ui } = await openInHost(context, token);
    await ui.getByRole('heading', { name: 'Choose an integration' }).waitFor();
    const focusedName = () => page.frames().find((f) => f.url().startsWith(env.t.url))!.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('name') ?? document.activeElement?.textContent ?? '');
    // from the host page into the iframe, past the close button and Salesforce (the SDK does not move focus)
    for (let i = 0; i < 6 && !/Client Credentials/.test(await focusedName()); i++) await page.keyboard.press('Tab');
    assert.match(await focusedName(), /Client Credentials/);
    await page.keyboard.press('Enter');
    await ui.getByRole('heading', { name: 'Connect Salesforce (Client Credentials)' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(), 'hostname');
    await page.keyboard.type(myDomain);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ccApp.clientId);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ccApp.clientSecret);
    await page.keyboard.press('Enter');
    await ui.getByRole('heading', { name: 'Connected' }).waitFor();
    assert.ok((await eventsOnce(page, 'connect')).some((e) => e.type === 'connect'));
    await context.close();
  });

  test('a reconnect session opens on the existing connection and updates it in place', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { link } = await sessionToken(['salesforce-cc']);
    await page.goto(link);
    await page.getByLabel('Hostname').fill(myDomain);
    await page.getByLabel('Consumer Key').fill(ccApp.clientId);
    await page.getByLabel('Consumer Secret').fill(ccApp.clientSecret);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'Connected' }).waitFor();
    const list = (await (await env.t.api('/connections?integrationId=salesforce-cc')).json()) as { connections: { connection_id: string }[] };
    const before = list.connections.map((c) => c.connection_id);
    const res = await env.t.api('/connect/sessions/reconnect', { method: 'POST', json: { connection_id: before.at(-1), integration_id: 'salesforce-cc' } });
    const reconnectLink = ((await res.json()) as { data: { connect_link: string } }).data.connect_link;
    await page.goto(reconnectLink);
    await page.getByRole('heading', { name: 'Reconnect Salesforce (Client Credentials)' }).waitFor();
    await page.getByLabel('Hostname').fill(myDomain);
    await page.getByLabel('Consumer Key').fill(ccApp.clientId);
    await page.getByLabel('Consumer Secret').fill(ccApp.clientSecret);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'Connected' }).waitFor();
    const after = (await (await env.t.api('/connections?integrationId=salesforce-cc')).json()) as { connections: { connection_id: string }[] };
    assert.deepEqual(after.connections.map((c) => c.connection_id).sort(), [...before].sort(), 'no new connection');
    await context.close();
  });

  test('languages from lang or Accept-Language; usable 360 px wide', async () => {
    const { link } = await sessionToken(['salesforce', 'salesforce-cc']);
    const french = await browser.newContext();
    const fr = await french.newPage();
    await fr.goto(`${link}&lang=fr`);
    await fr.getByRole('heading', { name: 'Choisissez une intégration' }).waitFor();
    await french.close();
    const german = await browser.newContext({ locale: 'de-DE', viewport: { width: 360, height: 640 } });
    const de = await german.newPage();
    await de.goto(link);
    await de.getByRole('heading', { name: 'Integration auswählen' }).waitFor();
    await de.getByRole('button', { name: 'Salesforce (Client Credentials)' }).click();
    await de.getByRole('button', { name: 'Verbinden', exact: true }).waitFor();
    assert.ok(await de.evaluate(() => document.documentElement.scrollWidth <= 360), 'no horizontal scrolling at 360 px');
    assert.equal(await de.evaluate(() => document.documentElement.lang), 'de');
    await german.close();
  });

  test('the environment’s settings show: dark theme, its primary colour, the logo with alt text, no watermark', async () => {
    const logo = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#f50"/></svg>').toString('base64')}`;
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    const primaryBackground = () => page.getByRole('button', { name: 'Connect', exact: true }).evaluate((b) => getComputedStyle(b).backgroundColor);
    const { link } = await sessionToken(['salesforce-cc']);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Connect Salesforce (Client Credentials)' }).waitFor();
    await page.getByText('Secured by terapi').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light', 'system theme of a light browser');
    assert.equal(await page.getByRole('img', { name: "The app's logo" }).count(), 0);
    try {
      const put = await env.t.api('/environment/connect-ui-settings', { method: 'PUT', json: { defaultTheme: 'dark', theme: { dark: { primary: '#ff5500' } }, showWatermark: false, logoUrl: logo } });
      assert.equal(put.status, 200, await put.clone().text());
      const { token } = await sessionToken(['salesforce-cc']);
      const { page: host, ui } = await openInHost(context, token);
      await ui.getByRole('heading', { name: 'Connect Salesforce (Client Credentials)' }).waitFor();
      const settings = (await eventsOnce(host, 'settings_changed')).find((e) => e.type === 'settings_changed') as { payload?: { defaultTheme?: string; showWatermark?: boolean } } | undefined;
      assert.deepEqual([settings?.payload?.defaultTheme, settings?.payload?.showWatermark], ['dark', false], 'settings_changed carries the environment’s settings');
      await page.goto((await sessionToken(['salesforce-cc'])).link);
      await page.getByRole('heading', { name: 'Connect Salesforce (Client Credentials)' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
      assert.equal(await primaryBackground(), 'rgb(255, 85, 0)');
      assert.equal(await page.getByRole('button', { name: 'Connect', exact: true }).evaluate((b) => getComputedStyle(b).color), 'rgb(0, 0, 0)', 'dark text on a light primary');
      assert.equal(await page.locator('body').evaluate((b) => getComputedStyle(b).color), 'rgb(243, 244, 246)', 'the dark palette');
      const img = page.getByRole('img', { name: "The app's logo" });
      await img.waitFor();
      // decode() waits for an image still loading (it can be in the layout before it is complete) and fails for one the CSP refused
      assert.ok(await img.evaluate((i) => (i as HTMLImageElement).decode().then(() => (i as HTMLImageElement).naturalWidth > 0, () => false)), 'the logo loads under the page’s CSP');
      assert.equal(await page.getByText('Secured by terapi').count(), 0);
      await page.goto(`${(await sessionToken(['salesforce-cc'])).link}&theme=light`);
      await page.getByRole('heading', { name: 'Connect Salesforce (Client Credentials)' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light', 'the theme parameter (openConnectUI themeOverride) wins');
      assert.equal(await primaryBackground(), 'rgb(11, 92, 255)', 'the light primary colour kept its default');
    } finally {
      await env.t.api('/environment/connect-ui-settings', { method: 'PUT', json: { defaultTheme: 'system', theme: { dark: { primary: '#5b8cff' } }, showWatermark: true, logoUrl: null } });
      await context.close();
    }
  });

  test('axe-core finds no serious violation on the list, the form with errors, and the error screen, light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      // axe is injected into the page, which terapi's Content-Security-Policy would rightly refuse
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      const { link } = await sessionToken(['salesforce', 'salesforce-cc']);
      await page.goto(`${link}&theme=${theme}`);
      await page.getByRole('heading', { name: 'Choose an integration' }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `list, ${theme}`);
      await page.getByRole('button', { name: 'Salesforce (Client Credentials)' }).click();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByText('Hostname is required.').waitFor();
      assert.deepEqual(await axeViolations(page), [], `form with errors, ${theme}`);
      await page.getByLabel('Hostname').fill(myDomain);
      await page.getByLabel('Consumer Key').fill('wrong');
      await page.getByLabel('Consumer Secret').fill('wrong');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('heading', { name: 'The connection failed' }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `error screen, ${theme}`);
      await context.close();
    }
  });
});
