// The Connect UI's less travelled flows in a real headless Chromium, against real PostgreSQL and the Salesforce
// simulator (issue 11 points 3, 4 and "bad input"): the JWT bearer and Data Cloud forms, the sandbox-host
// suggestion, preset fields, tokens that are expired, revoked or of another environment, terapi unreachable, a
// blocked popup, and @terapi/frontend's openConnectUI framing the real UI from another origin.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { browserTestsSkipReason, launchChromium } from '../testing/headless-chromium.js';
import { freePort } from '../testing/test-terapi.js';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { jwtApp } from '../providers/salesforce/testing/salesforce-test-fixture.js';

// The workspace's built @terapi/frontend (tsc -b builds it; its package exports only the entry point).
const TERAPI_FRONTEND_DIST = fileURLToPath(new URL('../../../frontend/dist/', import.meta.url));

// The app's own page, on another origin than terapi, loading the built @terapi/frontend.
const HOST_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme app</title></head><body><h1>Acme app</h1><script type="module">
import Terapi from '/sdk/index.js';
window.events = [];
window.openUI = (host, sessionToken) => { window.ui = new Terapi({ host }).openConnectUI({ sessionToken, onEvent: (e) => window.events.push(e) }); };
</script></body></html>`;

type Event = { type: string; payload?: { providerConfigKey?: string; connectionId?: string; errorType?: string } };

describe('the Connect UI’s other flows in Chromium', { skip: browserTestsSkipReason() }, () => {
  let env: TerapiWithSim;
  let browser: Browser;
  let host: Server;
  let hostOrigin: string;
  let prodOrg: { id: string; myDomain: string; username: string };
  let ccApp: { clientId: string; clientSecret: string };

  before(async () => {
    env = await startTerapiWithSalesforceSim({ sim: { approval: 'consent-page' } });
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    prodOrg = { id: org.id, myDomain: org.myDomain, username: org.users[0]!.username };
    const cc = env.sim.sim.createApp(org.id, { name: 'terapi-cc', clientCredentialsEnabled: true, clientCredentialsUser: org.users[0]!.username });
    ccApp = { clientId: cc.clientId, clientSecret: cc.clientSecret };
    const oauthApp = org.apps[0]!;
    for (const json of [
      { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: oauthApp.clientId, client_secret: oauthApp.clientSecret, scopes: 'api,refresh_token' } },
      { provider: 'salesforce-sandbox', unique_key: 'salesforce-sandbox', credentials: { type: 'OAUTH2', client_id: oauthApp.clientId, client_secret: oauthApp.clientSecret, scopes: 'api,refresh_token' } },
      { provider: 'salesforce-cc', unique_key: 'salesforce-cc' },
      { provider: 'salesforce-jwt', unique_key: 'salesforce-jwt' },
      { provider: 'salesforce-cdp', unique_key: 'salesforce-cdp' },
    ]) {
      const res = await env.t.api('/integrations', { method: 'POST', json });
      assert.equal(res.status, 200, await res.text());
    }
    host = createServer((req, res) => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0]!;
        if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(HOST_PAGE);
        const file = /^\/sdk\/([a-z-]+\.js)$/.exec(path)?.[1];
        const body = file ? await readFile(join(TERAPI_FRONTEND_DIST, file)).catch(() => undefined) : undefined;
        if (body) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
        res.writeHead(404).end();
      })();
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    const a = host.address();
    // localhost, not 127.0.0.1: another origin (and site) than terapi
    hostOrigin = `http://localhost:${typeof a === 'object' && a ? a.port : 0}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => host?.close(r));
    await env?.close();
  });

  async function link(allowed: string[], extra: Record<string, unknown> = {}): Promise<{ token: string; link: string }> {
    const res = await env.t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'end-user-1' }, allowed_integrations: allowed, ...extra } });
    assert.equal(res.status, 201, await res.clone().text());
    const { data } = (await res.json()) as { data: { token: string; connect_link: string } };
    return { token: data.token, link: data.connect_link };
  }

  async function standalone(url: string, init?: (page: Page) => Promise<unknown>): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await init?.(page);
    await page.goto(url);
    return page;
  }

  /** Waits for the success or the error screen; the error's text is the assertion's message. */
  async function assertConnected(page: Page): Promise<void> {
    const done = page.getByRole('heading', { name: /^(Connected|The connection failed)$/ });
    await done.waitFor();
    assert.equal(await done.textContent(), 'Connected', await page.locator('main').innerText());
  }

  const connectionExists = async (key: string, connectionId: string) => (await env.t.api(`/connections/${connectionId}?provider_config_key=${key}`)).status === 200;

  test('the JWT bearer form comes from the catalog and connects with a pasted PEM key', async () => {
    const { app, privateKeyPem } = jwtApp(env.sim, prodOrg.id, { preAuthorizedUsers: [prodOrg.username] });
    const page = await standalone((await link(['salesforce-jwt'])).link);
    await page.getByRole('heading', { name: 'Connect Salesforce (JWT)' }).waitFor();
    assert.equal(await page.getByLabel('Private Key').getAttribute('type'), 'password');
    await page.getByText('login.salesforce.com, test.salesforce.com for a sandbox').waitFor();
    await page.getByLabel('Login host').fill('not a host');
    await page.getByText('Login host does not have the expected format.').waitFor();
    await page.getByLabel('Login host').fill('');
    await page.getByLabel('Consumer Key').fill(app.clientId);
    await page.getByLabel('Username').fill(prodOrg.username);
    // a one-line input drops the PEM's line breaks, as it does for a user who pastes the key
    await page.getByLabel('Private Key').fill(privateKeyPem);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await assertConnected(page);
    const list = (await (await env.t.api('/connections?integrationId=salesforce-jwt')).json()) as { connections: { connection_id: string }[] };
    assert.equal(list.connections.length, 1);
    await page.context().close();
  });

  test('the Data Cloud form: key material or a pre-signed JWT (required_unless), then the Data Cloud exchange', async () => {
    const { app, privateKeyPem } = jwtApp(env.sim, prodOrg.id, { preAuthorizedUsers: [prodOrg.username], scopes: ['api', 'cdp_query_api'] });
    const page = await standalone((await link(['salesforce-cdp'])).link);
    await page.getByRole('heading', { name: 'Connect Salesforce Data Cloud' }).waitFor();
    for (const label of ['Consumer Key', 'Username', 'Private Key', 'Login host', 'Pre-signed JWT']) await page.getByLabel(label).waitFor();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('Consumer Key is required.').waitFor();
    await page.getByLabel('Pre-signed JWT').fill('a.b.c');
    assert.equal(await page.getByText('Consumer Key is required.').count(), 0, 'a pre-signed JWT makes the key material optional');
    await page.getByLabel('Pre-signed JWT').fill('');
    await page.getByLabel('Consumer Key').fill(app.clientId);
    await page.getByLabel('Username').fill(prodOrg.username);
    await page.getByLabel('Private Key').fill(privateKeyPem);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await assertConnected(page);
    const list = (await (await env.t.api('/connections?integrationId=salesforce-cdp')).json()) as { connections: { connection_id: string }[] };
    assert.equal(list.connections.length, 1);
    await page.context().close();
  });

  test('a sandbox host typed into Salesforce leads to the sandbox integration when allowed, or says what to do', async () => {
    const page = await standalone((await link(['salesforce', 'salesforce-sandbox'])).link);
    await page.getByRole('button', { name: 'Salesforce', exact: true }).click();
    await page.getByLabel('My Domain').fill('acme--dev.sandbox.my.salesforce.com');
    await page.getByRole('button', { name: 'This is a sandbox host: connect it with Salesforce (Sandbox) instead.' }).click();
    await page.getByRole('heading', { name: 'Connect Salesforce (Sandbox)' }).waitFor();
    assert.equal(await page.getByLabel('My Domain').inputValue(), 'acme--dev.sandbox.my.salesforce.com', 'what was typed is kept');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Salesforce', exact: true }).click();
    await page.getByLabel('My Domain').fill('test.salesforce.com');
    await page.getByRole('button', { name: /connect it with Salesforce \(Sandbox\)/ }).waitFor();
    await page.context().close();

    const only = await standalone((await link(['salesforce'])).link);
    await only.getByLabel('My Domain').fill('acme--dev.sandbox.my.salesforce.com');
    await only.getByText('this link only allows production orgs').waitFor();
    assert.equal(await only.getByRole('status').getByRole('button').count(), 0);
    await only.context().close();
  });

  test('integrations_config_defaults: a preset field is not shown, and its value is what the connection gets', async () => {
    const page = await standalone((await link(['salesforce-cc'], { integrations_config_defaults: { 'salesforce-cc': { connection_config: { hostname: prodOrg.myDomain } } } })).link);
    await page.getByRole('heading', { name: 'Connect Salesforce (Client Credentials)' }).waitFor();
    assert.equal(await page.getByLabel('Hostname').count(), 0, 'the preset field is hidden');
    await page.getByLabel('Consumer Key').fill(ccApp.clientId);
    await page.getByLabel('Consumer Secret').fill(ccApp.clientSecret);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'Connected' }).waitFor();
    const list = (await (await env.t.api('/connections?integrationId=salesforce-cc')).json()) as { connections: { connection_id: string }[] };
    const conn = (await (await env.t.api(`/connections/${list.connections.at(-1)!.connection_id}?provider_config_key=salesforce-cc`)).json()) as { connection_config: Record<string, unknown> };
    assert.equal(conn.connection_config.hostname, prodOrg.myDomain);
    await page.context().close();
  });

  test('an expired, a revoked and another environment’s token: a clear screen and none of this environment’s data', async () => {
    const expired = await link(['salesforce-cc']);
    await env.t.services.db.query("update connect_sessions set expires_at = now() - interval '1 second' where token_hash = encode(sha256($1::bytea), 'hex')", [expired.token]);
    const revoked = await link(['salesforce-cc']);
    assert.equal((await fetch(`${env.t.url}/connect/session`, { method: 'DELETE', headers: { authorization: `Bearer ${revoked.token}` } })).status, 204);
    for (const { link: url } of [expired, revoked]) {
      const page = await standalone(url);
      await page.getByRole('heading', { name: 'This link is no longer valid' }).waitFor();
      assert.equal(await page.getByText('Salesforce').count(), 0, 'no integration shown');
      assert.equal(await page.getByRole('textbox').count(), 0, 'no form');
      await page.context().close();
    }
    const { rows } = await env.t.services.db.query<{ id: number }>("select id from environments where name = 'prod'");
    const foreign = await env.t.services.connectSessions.create({
      environmentId: rows[0]!.id,
      endUser: { id: 'someone-else', display_name: null, email: null, tags: null, organization: null },
      organization: null,
      allowedIntegrations: null,
      integrationsConfigDefaults: null,
      overrides: null,
      webhookUrlOverride: null,
      tags: {},
      reconnectConnectionId: null,
    });
    const page = await standalone(`${env.t.url}/connect/?session_token=${foreign.token}`);
    await page.getByRole('heading', { name: 'Choose an integration' }).waitFor();
    await page.getByText('No integration is available for this session').waitFor();
    assert.equal(await page.getByText('Salesforce').count(), 0, 'the dev environment’s integrations are not shown to a prod token');
    await page.context().close();
  });

  test('a link without its session token: a clear screen that says what to do, and no call for data', async () => {
    // listening from before the page loads: the calls it would make come with the load
    const calls: string[] = [];
    const page = await standalone(`${env.t.url}/connect/`, async (p) => p.on('request', (r) => calls.push(new URL(r.url()).pathname)));
    await page.getByRole('heading', { name: 'This link is incomplete' }).waitFor();
    await page.getByText('The link has no session token').waitFor();
    assert.equal(await page.getByRole('textbox').count(), 0, 'no form');
    assert.deepEqual(calls.filter((c) => c === '/connect/session' || c === '/integrations'), []);
    await page.context().close();
  });

  test('an integration whose provider the catalog lacks: a clear screen, nothing lost', async () => {
    const env1 = await env.t.services.db.query<{ environment_id: number }>("select environment_id from integrations where unique_key = 'salesforce'");
    // A provider removed from the catalog after the integration was made (an older terapi's, or a typo in SQL).
    await env.t.services.db.query("insert into integrations (environment_id, unique_key, provider) values ($1, 'retired', 'retired-crm')", [env1.rows[0]!.environment_id]);
    try {
      const page = await standalone((await link(['retired'])).link);
      await page.getByRole('heading', { name: 'The connection failed' }).waitFor();
      await page.getByText('This integration uses a provider terapi does not know (retired-crm)').waitFor();
      assert.equal(await page.getByRole('textbox').count(), 0, 'no form for an unknown provider');
      await page.context().close();
    } finally {
      await env.t.services.db.query("delete from integrations where unique_key = 'retired'");
    }
  });

  test('terapi unreachable: a clear screen with Try again, which recovers once terapi answers', async () => {
    const closedPort = await freePort();
    const { link: url } = await link(['salesforce-cc']);
    const down = await standalone(`${url}&apiURL=${encodeURIComponent(`http://127.0.0.1:${closedPort}`)}`);
    await down.getByRole('heading', { name: 'The connection failed' }).waitFor({ timeout: 20_000 });
    await down.getByText('terapi could not be reached').waitFor();
    await down.context().close();

    const page = await standalone(url, (p) => p.route('**/integrations', (r) => r.abort('connectionrefused')));
    await page.getByText('terapi could not be reached').waitFor({ timeout: 20_000 });
    await page.unroute('**/integrations');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Connect Salesforce (Client Credentials)' }).waitFor();
    await page.context().close();
  });

  test('a popup blocked by the browser: a clear message, and Try again returns to the form', async () => {
    const page = await standalone((await link(['salesforce'])).link, (p) => p.addInitScript(() => (window.open = () => null)));
    await page.getByRole('heading', { name: 'Connect Salesforce' }).waitFor();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'The connection failed' }).waitFor();
    await page.getByText('Your browser blocked the sign-in window').waitFor();
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Connect Salesforce' }).waitFor();
    await page.context().close();
  });

  test('@terapi/frontend openConnectUI on another origin → Salesforce → popup → consent → connect event', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(hostOrigin);
    await page.waitForFunction(() => 'openUI' in window);
    const { token } = await link(['salesforce']);
    // only the host: apiURL and baseURL (`{host}/connect`) are the SDK's defaults
    await page.evaluate(([terapiUrl, sessionToken]) => (window as unknown as { openUI(h: string, t: string): void }).openUI(terapiUrl!, sessionToken!), [env.t.url, token]);
    const ui = page.frameLocator('#connect-ui');
    await ui.getByRole('heading', { name: 'Connect Salesforce' }).waitFor();
    const popupPromise = context.waitForEvent('page');
    await ui.getByRole('button', { name: 'Connect', exact: true }).click();
    const popup = await popupPromise;
    await popup.getByRole('button', { name: 'Allow' }).click();
    await ui.getByRole('heading', { name: 'Connected' }).waitFor();
    // the iframe (another origin, another renderer process) posts `connect` before it shows Connected, but the
    // message can reach this page a moment after the heading is seen
    await page.waitForFunction(() => (window as unknown as { events: Event[] }).events.some((e) => e.type === 'connect'));
    const events = await page.evaluate(() => (window as unknown as { events: Event[] }).events);
    assert.deepEqual(events.map((e) => e.type).slice(0, 2), ['ready', 'settings_changed']);
    const connect = events.find((e) => e.type === 'connect');
    assert.equal(connect?.payload?.providerConfigKey, 'salesforce');
    assert.ok(await connectionExists('salesforce', connect!.payload!.connectionId!));
    await ui.getByRole('button', { name: 'Done' }).click();
    await page.waitForFunction(() => !document.getElementById('connect-ui'));
    await context.close();
  });
});
