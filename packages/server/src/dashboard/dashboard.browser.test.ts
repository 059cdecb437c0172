// The dashboard in a real headless Chromium, against real PostgreSQL and the Salesforce simulator (issue 12
// points 1-3, 9): signing in from the URL `terapi start` prints (once) and with a secret key, a wrong key, a
// stale session, sign-out, creating an integration through the form, a keyboard-only pass and axe-core.
// The CSRF and environment checks are plain HTTP: a cookie alone never changes anything.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { browserTestsSkipReason, launchChromium } from '../testing/headless-chromium.js';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { startTestTerapi } from '../testing/test-terapi.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: await readFile(AXE, 'utf8') });
  const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as { violations: { id: string; impact: string; nodes: unknown[] }[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

const codeOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code });

describe('the dashboard', () => {
  let env: TerapiWithSim;

  before(async () => {
    env = await startTerapiWithSalesforceSim();
  });
  after(async () => {
    await env?.close();
  });

  /** Signs in over HTTP; returns the cookie and the session's CSRF token. */
  async function signIn(body: Record<string, string>): Promise<{ cookie: string; csrf: string }> {
    const res = await fetch(`${env.t.url}/dashboard/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 200, await res.clone().text());
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { cookie, csrf: ((await res.json()) as { csrf_token: string }).csrf_token };
  }

  test('a dashboard session acts through the ordinary API: GET needs only the cookie, a change also needs the CSRF token', async () => {
    const { cookie, csrf } = await signIn({ token: (await env.t.services.dashboardSessions.createSignInToken()) });
    const headers = { cookie, 'x-terapi-environment': 'dev', 'content-type': 'application/json' };
    const body = JSON.stringify({ provider: 'salesforce', unique_key: 'csrf-check' });
    assert.equal((await fetch(`${env.t.url}/integrations`, { headers })).status, 200);
    assert.deepEqual(await codeOf(await fetch(`${env.t.url}/integrations`, { method: 'POST', headers, body })), { status: 403, code: 'dashboard_csrf_token_invalid' });
    assert.deepEqual(await codeOf(await fetch(`${env.t.url}/integrations`, { method: 'POST', headers: { ...headers, 'x-csrf-token': 'not-the-token' }, body })), { status: 403, code: 'dashboard_csrf_token_invalid' });
    assert.equal((await env.t.api('/integrations/csrf-check')).status, 404, 'nothing was created');
    assert.equal((await fetch(`${env.t.url}/integrations`, { method: 'POST', headers: { ...headers, 'x-csrf-token': csrf }, body })).status, 200);
    assert.equal((await env.t.api('/integrations/csrf-check')).status, 200);
    // the environment is named on every call
    const { 'x-terapi-environment': _, ...noEnv } = headers;
    assert.deepEqual(await codeOf(await fetch(`${env.t.url}/integrations`, { headers: noEnv })), { status: 400, code: 'dashboard_environment_missing' });
    // an operator session sees every environment
    assert.equal((await fetch(`${env.t.url}/integrations`, { headers: { ...headers, 'x-terapi-environment': 'prod' } })).status, 200);
    await env.t.api('/integrations/csrf-check', { method: 'DELETE' });
  });

  test("a secret key's session acts in its own environment only", async () => {
    const { cookie } = await signIn({ secret_key: env.t.devSecretKey });
    const session = (await (await fetch(`${env.t.url}/dashboard/api/session`, { headers: { cookie } })).json()) as { environments: { name: string }[] };
    assert.deepEqual(session.environments, [{ name: 'dev' }]);
    assert.equal((await fetch(`${env.t.url}/integrations`, { headers: { cookie, 'x-terapi-environment': 'dev' } })).status, 200);
    assert.deepEqual(await codeOf(await fetch(`${env.t.url}/integrations`, { headers: { cookie, 'x-terapi-environment': 'prod' } })), { status: 403, code: 'dashboard_environment_forbidden' });
  });

  test('sign-out deletes the session: its cookie opens nothing afterwards', async () => {
    const { cookie, csrf } = await signIn({ secret_key: env.t.devSecretKey });
    assert.deepEqual(await codeOf(await fetch(`${env.t.url}/dashboard/api/sign-out`, { method: 'POST', headers: { cookie } })), { status: 403, code: 'dashboard_csrf_token_invalid' });
    const out = await fetch(`${env.t.url}/dashboard/api/sign-out`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /^terapi_dashboard=; .*Expires=Thu, 01 Jan 1970/);
    assert.deepEqual(await codeOf(await fetch(`${env.t.url}/integrations`, { headers: { cookie, 'x-terapi-environment': 'dev' } })), { status: 401, code: 'dashboard_session_invalid' });
    assert.deepEqual(await codeOf(await fetch(`${env.t.url}/dashboard/api/session`, { headers: { cookie } })), { status: 401, code: 'dashboard_session_invalid' });
  });

  test('TERAPI_DASHBOARD_TOKEN signs in many times, and the printed URL then carries no token', async () => {
    const fixed = 'f'.repeat(20) + 'ixed-dashboard-token-0123456789';
    const other = await startTestTerapi({ env: { TERAPI_DASHBOARD_TOKEN: fixed } });
    try {
      assert.equal(other.dashboardUrl, `${other.url}/dashboard/sign-in`);
      const signInWith = (token: string) => fetch(`${other.url}/dashboard/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      assert.equal((await signInWith(fixed)).status, 200);
      assert.equal((await signInWith(fixed)).status, 200);
      assert.deepEqual(await codeOf(await signInWith(`${fixed}x`)), { status: 401, code: 'dashboard_sign_in_failed' });
    } finally {
      await other.close();
    }
  });

  test('pages are HTML only for browsers: API clients get the 404 envelope, and / stays the WebSocket path', async () => {
    const page = await fetch(`${env.t.url}/dashboard/integrations`, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.match(await page.text(), /<div id="root">/);
    assert.deepEqual(await codeOf(await fetch(`${env.t.url}/dashboard/integrations`, { headers: { accept: 'application/json' } })), { status: 404, code: 'route_not_found' });
    assert.deepEqual(await codeOf(await fetch(`${env.t.url}/dashboard/api/nothing`, { headers: { accept: 'text/html' } })), { status: 404, code: 'route_not_found' });
    const root = await fetch(`${env.t.url}/`, { headers: { accept: 'text/html' } });
    assert.equal(root.status, 200);
    const asset = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(await root.text())?.[1];
    assert.ok(asset);
    const js = await fetch(`${env.t.url}${asset}`);
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.deepEqual(await codeOf(await fetch(`${env.t.url}/dashboard/assets/..%2Findex.html`)), { status: 404, code: 'not_found' });
    assert.equal((await env.t.api('/integrations')).status, 200, 'the API answers as before');
    assert.equal((await fetch(`${env.t.url}/health`)).status, 200);
  });

  describe('in Chromium', { skip: browserTestsSkipReason() }, () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
    });

    test('the printed URL signs in once; the token leaves the address bar; a second use is refused', async () => {
      const url = env.t.dashboardUrl!;
      assert.match(url, /\/dashboard\/sign-in#token=[A-Za-z0-9_-]{43}$/);
      const first = await browser.newContext({ bypassCSP: true });
      const page = await first.newPage();
      await page.goto(url);
      await page.getByRole('heading', { name: 'Getting started' }).waitFor();
      assert.doesNotMatch(page.url(), /token/);
      assert.deepEqual(await axeViolations(page), []);
      const second = await browser.newContext({ bypassCSP: true });
      const again = await second.newPage();
      await again.goto(url);
      await again.getByRole('alert').filter({ hasText: 'already used or has expired' }).waitFor();
      await first.close();
      await second.close();
    });

    test('a secret key signs in to its environment; a wrong one gets a clear message', async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${env.t.url}/`);
      await page.getByRole('heading', { name: 'Sign in to terapi' }).waitFor();
      assert.deepEqual(await axeViolations(page), []);
      await page.getByLabel('Secret key or dashboard token').fill('6f1b8a1e-9c7d-4e2a-8b3c-1d2e3f4a5b6c');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'No environment has this secret key' }).waitFor();
      await page.getByLabel('Secret key or dashboard token').fill(env.t.devSecretKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Getting started' }).waitFor();
      assert.deepEqual(await page.getByLabel('Environment').locator('option').allTextContents(), ['dev']);
      // the key is masked in the snippets until revealed
      assert.equal(await page.getByText(env.t.devSecretKey).count(), 0);
      await page.getByRole('button', { name: 'Reveal key' }).click();
      await page.getByLabel('Command for step 1').getByText(env.t.devSecretKey).waitFor();
      // a connect link made from the page
      await page.getByRole('button', { name: 'Create a connect link now' }).click();
      await page.getByRole('link', { name: /\/connect\/\?session_token=…/ }).waitFor();
      await context.close();
    });

    test('a stale session goes back to sign-in with a message; sign-out says so', async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${env.t.url}/dashboard/sign-in`);
      await page.getByLabel('Secret key or dashboard token').fill(env.t.devSecretKey);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Getting started' }).waitFor();
      await env.t.services.db.query('delete from dashboard_sessions');
      await page.getByRole('link', { name: 'Integrations' }).click();
      await page.getByText('Your session has expired or was signed out. Sign in again.').waitFor();
      await page.getByLabel('Secret key or dashboard token').fill(env.t.devSecretKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You are signed out.').waitFor();
      await page.goto(`${env.t.url}/dashboard/integrations`);
      await page.getByRole('heading', { name: 'Sign in to terapi' }).waitFor();
      await context.close();
    });

    test('create an integration through the form, with the Salesforce guide beside it; then edit it', async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${env.t.url}/dashboard/sign-in`);
      await page.getByLabel('Secret key or dashboard token').fill(env.t.devSecretKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Integrations' }).click();
      await page.getByRole('link', { name: 'New integration' }).click();
      await page.getByLabel('Provider').selectOption('salesforce');
      await page.getByRole('heading', { name: 'Set up Salesforce' }).waitFor();
      await page.getByText('New External Client App').first().waitFor();
      assert.equal(await page.locator('#callback-url').textContent(), `${env.t.url}/oauth/callback`);
      assert.deepEqual(await axeViolations(page), []);
      await page.getByLabel('Unique key', { exact: true }).fill('salesforce-main');
      await page.getByLabel('Consumer Key', { exact: true }).fill('3MVG9-consumer-key');
      await page.getByLabel('Consumer Secret', { exact: true }).fill('consumer-secret-1');
      assert.equal(await page.getByLabel('Scopes', { exact: true }).inputValue(), 'api,refresh_token');
      await page.getByRole('button', { name: 'Create integration' }).click();
      await page.getByRole('status').filter({ hasText: 'Integration salesforce-main created.' }).waitFor();
      const got = (await (await env.t.api('/integrations/salesforce-main?include=credentials')).json()) as { data: { provider: string; credentials: { client_id: string; client_secret: string; scopes: string } } };
      assert.equal(got.data.provider, 'salesforce');
      assert.deepEqual([got.data.credentials.client_id, got.data.credentials.client_secret, got.data.credentials.scopes], ['3MVG9-consumer-key', 'consumer-secret-1', 'api,refresh_token']);
      // edit: the secret is not in the form; a new display name is saved without it
      assert.equal(await page.getByLabel('Consumer Secret', { exact: true }).inputValue(), '');
      await page.getByRole('heading', { name: 'Deployed functions' }).waitFor();
      await page.getByLabel(/Display name/).fill('Salesforce production');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();
      const edited = (await (await env.t.api('/integrations/salesforce-main?include=credentials')).json()) as { data: { display_name: string; credentials: { client_secret: string } } };
      assert.equal(edited.data.display_name, 'Salesforce production');
      assert.equal(edited.data.credentials.client_secret, 'consumer-secret-1');
      await page.getByRole('link', { name: 'Integrations' }).click();
      await page.getByRole('link', { name: 'Edit Salesforce production' }).waitFor();
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    });

    test('a connection made through a connect link shows in Connections, with its connection config', async () => {
      const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
      const app = env.sim.sim.createApp(org.id, { name: 'dashboard-cc', clientCredentialsEnabled: true, clientCredentialsUser: org.users[0]!.username });
      assert.equal((await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce-cc', unique_key: 'salesforce-cc' } })).status, 200);
      const res = await env.t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'end-user-7', email: 'ada@example.com' }, allowed_integrations: ['salesforce-cc'] } });
      const link = ((await res.json()) as { data: { connect_link: string } }).data.connect_link;
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(link);
      await page.getByLabel('Hostname').fill(org.myDomain);
      await page.getByLabel('Consumer Key').fill(app.clientId);
      await page.getByLabel('Consumer Secret').fill(app.clientSecret);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('heading', { name: 'Connected' }).waitFor();
      await page.goto(`${env.t.url}/dashboard/sign-in`);
      await page.getByLabel('Secret key or dashboard token').fill(env.t.devSecretKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
      const row = page.getByRole('row').filter({ hasText: 'ada@example.com' });
      await row.getByRole('cell', { name: 'salesforce-cc' }).waitFor();
      await row.getByRole('cell', { name: 'Healthy' }).waitFor();
      assert.deepEqual(await axeViolations(page), []);
      await row.getByRole('link').click();
      await page.getByRole('heading', { name: /^Connection / }).waitFor();
      await page.getByRole('definition').filter({ hasText: `https://${org.myDomain}` }).first().waitFor();
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    });

    test('keyboard only: sign in, then create an integration', async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      const focused = () => page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const id = el?.id ?? '';
        const label = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent : null;
        return label ?? el?.textContent ?? '';
      });
      await page.goto(`${env.t.url}/dashboard/sign-in`);
      // the field has focus on arrival (React renders it in a task of its own, which may come after the load event)
      await page.getByLabel('Secret key or dashboard token').waitFor();
      assert.equal(await focused(), 'Secret key or dashboard token');
      await page.keyboard.type(env.t.devSecretKey);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Getting started' }).waitFor();
      for (let i = 0; i < 10 && (await focused()) !== 'Integrations'; i++) await page.keyboard.press('Tab');
      assert.equal(await focused(), 'Integrations');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Integrations' }).waitFor();
      for (let i = 0; i < 10 && (await focused()) !== 'New integration'; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'New integration' }).waitFor();
      for (let i = 0; i < 12 && (await focused()) !== 'Provider'; i++) await page.keyboard.press('Tab');
      assert.equal(await focused(), 'Provider');
      for (let i = 0; i < 10 && (await page.getByLabel('Provider').inputValue()) !== 'salesforce-sandbox'; i++) await page.keyboard.press('ArrowDown');
      await page.getByRole('heading', { name: 'Set up Salesforce (Sandbox)' }).waitFor();
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'Unique key');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Sandbox');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'Consumer Key');
      await page.keyboard.type('3MVG9-sandbox-key');
      await page.keyboard.press('Tab');
      await page.keyboard.type('sandbox-secret');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Integration salesforce-sandbox created.' }).waitFor();
      assert.equal((await env.t.api('/integrations/salesforce-sandbox')).status, 200);
      await context.close();
    });
  });
});
