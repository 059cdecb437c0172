// @terapi/frontend in a real Chromium, against a real terapi (PostgreSQL) and the Salesforce simulator: the
// app's page runs on another origin (localhost:<port>, terapi is on 127.0.0.1:<port>), loads the built module,
// and the end user goes through the simulator's consent page in the popup (nango-api.md §3.4).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../../server/src/providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { browserTestsSkipReason, launchChromium } from '../../server/src/testing/headless-chromium.js';
import { readFileSync } from 'node:fs';
import { HOST_PAGE, startPageServer, type PageServer } from './testing/page-server.js';

const EXAMPLE_PAGE = readFileSync(new URL('../example/index.html', import.meta.url), 'utf8');

type Outcome = { ok: true; value: { connectionId: string; providerConfigKey: string; isPending?: boolean } } | { ok: false; name: string; type: string; message: string; isAuthError: boolean };
type Connections = { connections: Array<{ connection_id: string; provider_config_key: string; end_user: { id: string } | null }> };

/** Starts `call` in the app's page and leaves its outcome in window.outcome (the popup needs the test's hands meanwhile). */
async function start(page: Page, args: { host: string; token?: string; call: 'auth' | 'reconnect'; key: string; options?: unknown; blockPopups?: boolean }): Promise<void> {
  await page.evaluate(async (a) => {
    const mod = (await import('/dist/index.js' as string)) as typeof import('./index.js');
    if (a.blockPopups) window.open = () => null;
    const sdk = new mod.default({ host: a.host, ...(a.token ? { connectSessionToken: a.token } : {}) });
    const w = window as unknown as { outcome: Promise<unknown> };
    w.outcome = sdk[a.call](a.key, a.options as never).then(
      (value) => ({ ok: true, value }),
      (e: InstanceType<typeof mod.AuthError>) => ({ ok: false, name: e.name, type: e.type, message: e.message, isAuthError: e instanceof mod.AuthError }),
    );
  }, args);
}

const outcome = (page: Page) => page.evaluate(() => (window as unknown as { outcome: Promise<unknown> }).outcome) as Promise<Outcome>;

describe('@terapi/frontend in Chromium against terapi and the Salesforce simulator', { skip: browserTestsSkipReason() }, () => {
  let env: TerapiWithSim;
  let app: PageServer;
  let browser: Browser;
  let page: Page;

  const session = async (body: Record<string, unknown>, path = '/connect/sessions') => {
    const res = await env.t.api(path, { method: 'POST', json: body });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { data: { token: string } }).data.token;
  };

  before(async () => {
    env = await startTerapiWithSalesforceSim({ sim: { approval: 'consent-page' } });
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    const created = await env.t.api('/integrations', {
      method: 'POST',
      json: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: org.apps[0]!.clientId, client_secret: org.apps[0]!.clientSecret, scopes: 'api,refresh_token' } },
    });
    assert.equal(created.status, 200, await created.text());
    app = await startPageServer({ '/': HOST_PAGE, '/example/': EXAMPLE_PAGE });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${app.origin}/`);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await env?.close();
  });

  test("auth('salesforce'): popup, the simulator's consent, and the promise resolves with the new connection, found by GET /connections", async () => {
    const token = await session({ end_user: { id: 'user-popup' }, allowed_integrations: ['salesforce'] });
    const popupOpened = page.waitForEvent('popup');
    await start(page, { host: env.t.url, token, call: 'auth', key: 'salesforce' });
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Allow' }).click();
    const result = await outcome(page);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.providerConfigKey, 'salesforce');
    assert.equal(result.value.isPending, false);
    const list = (await (await env.t.api('/connections?endUserId=user-popup')).json()) as Connections;
    assert.deepEqual(list.connections.map((c) => [c.connection_id, c.provider_config_key]), [[result.value.connectionId, 'salesforce']]);
    if (!popup.isClosed()) await popup.waitForEvent('close'); // it may have closed itself already (500 ms after success)
  });

  test('reconnect(): a reconnect session re-authorizes the existing connection in place', async () => {
    const first = await session({ end_user: { id: 'user-reconnect' }, allowed_integrations: ['salesforce'] });
    let popupOpened = page.waitForEvent('popup');
    await start(page, { host: env.t.url, token: first, call: 'auth', key: 'salesforce' });
    await (await popupOpened).getByRole('button', { name: 'Allow' }).click();
    const made = await outcome(page);
    assert.ok(made.ok, JSON.stringify(made));
    const before = (await (await env.t.api(`/connections/${made.value.connectionId}?provider_config_key=salesforce`)).json()) as { credentials: { access_token: string } };

    const token = await session({ connection_id: made.value.connectionId, integration_id: 'salesforce' }, '/connect/sessions/reconnect');
    popupOpened = page.waitForEvent('popup');
    await start(page, { host: env.t.url, token, call: 'reconnect', key: 'salesforce' });
    await (await popupOpened).getByRole('button', { name: 'Allow' }).click();
    const again = await outcome(page);
    assert.ok(again.ok, JSON.stringify(again));
    assert.equal(again.value.connectionId, made.value.connectionId);
    const list = (await (await env.t.api('/connections?endUserId=user-reconnect')).json()) as Connections;
    assert.equal(list.connections.length, 1);
    const after = (await (await env.t.api(`/connections/${made.value.connectionId}?provider_config_key=salesforce`)).json()) as { credentials: { access_token: string } };
    assert.notEqual(after.credentials.access_token, before.credentials.access_token);
  });

  test('Deny on the consent page rejects with an AuthError carrying the callback_err type and Salesforce\'s error', async () => {
    const token = await session({ end_user: { id: 'user-deny' }, allowed_integrations: ['salesforce'] });
    const popupOpened = page.waitForEvent('popup');
    await start(page, { host: env.t.url, token, call: 'auth', key: 'salesforce' });
    await (await popupOpened).getByRole('button', { name: 'Deny' }).click();
    const result = await outcome(page);
    assert.ok(!result.ok);
    assert.equal(result.isAuthError, true);
    assert.equal(result.type, 'callback_err');
    assert.match(result.message, /access_denied/);
    const list = (await (await env.t.api('/connections?endUserId=user-deny')).json()) as Connections;
    assert.equal(list.connections.length, 0);
  });

  test('client credentials: auth() posts to /oauth2/auth and resolves with the connection; a wrong secret rejects with the server\'s code', async () => {
    const org = env.sim.sim.getOrg(env.sim.summary().orgs.find((o) => !o.sandbox)!.id)!;
    const ccApp = env.sim.sim.createApp(org.id, { name: 'cc', clientCredentialsEnabled: true, clientCredentialsUser: org.users[0]!.username });
    const created = await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce-cc', unique_key: 'salesforce-cc' } });
    assert.equal(created.status, 200, await created.text());
    const params = { hostname: 'acme.my.salesforce.com' };

    const wrong = await session({ end_user: { id: 'user-cc' }, allowed_integrations: ['salesforce-cc'] });
    await start(page, { host: env.t.url, token: wrong, call: 'auth', key: 'salesforce-cc', options: { params, credentials: { client_id: ccApp.clientId, client_secret: 'not-the-secret' } } });
    const refused = await outcome(page);
    assert.ok(!refused.ok);
    assert.equal(refused.isAuthError, true);
    assert.equal(refused.type, 'connection_test_failed');

    const token = await session({ end_user: { id: 'user-cc' }, allowed_integrations: ['salesforce-cc'] });
    await start(page, { host: env.t.url, token, call: 'auth', key: 'salesforce-cc', options: { params, credentials: { client_id: ccApp.clientId, client_secret: ccApp.clientSecret } } });
    const result = await outcome(page);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.providerConfigKey, 'salesforce-cc');
    const list = (await (await env.t.api('/connections?endUserId=user-cc')).json()) as Connections;
    assert.deepEqual(list.connections.map((c) => c.connection_id), [result.value.connectionId]);
  });

  test('a Lightning host is refused by the POST endpoint with its own code', async () => {
    const token = await session({ end_user: { id: 'user-lightning' }, allowed_integrations: ['salesforce-cc'] });
    await start(page, { host: env.t.url, token, call: 'auth', key: 'salesforce-cc', options: { params: { hostname: 'acme.lightning.force.com' }, credentials: { client_id: 'x', client_secret: 'y' } } });
    const result = await outcome(page);
    assert.ok(!result.ok);
    assert.equal(result.type, 'salesforce_lightning_hostname');
  });

  test('a blocked popup rejects with blocked_by_browser', async () => {
    const token = await session({ end_user: { id: 'user-blocked' }, allowed_integrations: ['salesforce'] });
    await start(page, { host: env.t.url, token, call: 'auth', key: 'salesforce', blockPopups: true });
    const result = await outcome(page);
    assert.ok(!result.ok);
    assert.deepEqual([result.isAuthError, result.type], [true, 'blocked_by_browser']);
    await page.reload();
  });

  test('detectClosedAuthWindow: closing the popup rejects with window_closed', async () => {
    const token = await session({ end_user: { id: 'user-closed' }, allowed_integrations: ['salesforce'] });
    const popupOpened = page.waitForEvent('popup');
    await start(page, { host: env.t.url, token, call: 'auth', key: 'salesforce', options: { detectClosedAuthWindow: true } });
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Allow' }).waitFor();
    await popup.close();
    const result = await outcome(page);
    assert.ok(!result.ok);
    assert.equal(result.type, 'window_closed');
  });

  test('terapi unreachable: the WebSocket cannot open and the popup flow rejects with network_error', async () => {
    const popupOpened = page.waitForEvent('popup');
    await start(page, { host: 'http://127.0.0.1:9', token: 'any', call: 'auth', key: 'salesforce' });
    const popup = await popupOpened;
    const result = await outcome(page);
    assert.ok(!result.ok);
    assert.equal(result.type, 'network_error');
    assert.match(result.message, /ws:\/\/127\.0\.0\.1:9\//);
    if (!popup.isClosed()) await popup.waitForEvent('close'); // it may have closed itself already (500 ms after success)
  });

  test("the README's example page connects an org by its Connect button", async () => {
    const token = await session({ end_user: { id: 'user-example' }, allowed_integrations: ['salesforce'] });
    const example = await browser.newPage();
    await example.goto(`${app.origin}/example/?host=${encodeURIComponent(env.t.url)}&token=${encodeURIComponent(token)}`);
    const popupOpened = example.waitForEvent('popup');
    await example.getByRole('button', { name: 'Connect', exact: true }).click();
    await (await popupOpened).getByRole('button', { name: 'Allow' }).click();
    await example.getByText(/^Connected: salesforce \//).waitFor();
    const shown = (await example.locator('#result').textContent()) ?? '';
    const list = (await (await env.t.api('/connections?endUserId=user-example')).json()) as Connections;
    assert.equal(shown, `Connected: salesforce / ${list.connections[0]?.connection_id}`);
    await example.close();
  });
});
