// Screenshots of each Connect UI screen, light and dark, into docs/connect-ui/ (issue 11 point 8), taken in
// headless Chromium against a real terapi and the Salesforce simulator. Run: `npm run screenshots`
// (it runs through scripts/test.mjs, which provides the PostgreSQL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../packages/server/src/testing/headless-chromium.js';
import { startTerapiWithSalesforceSim } from '../packages/server/src/providers/salesforce/testing/terapi-with-salesforce-sim.js';

const OUT = new URL('../docs/connect-ui/', import.meta.url).pathname;

test('Connect UI screenshots', async () => {
  mkdirSync(OUT, { recursive: true });
  const env = await startTerapiWithSalesforceSim();
  const browser = await launchChromium();
  try {
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    const app = env.sim.sim.createApp(org.id, { name: 'cc', clientCredentialsEnabled: true, clientCredentialsUser: org.users[0]!.username });
    await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'salesforce' } });
    await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce-cc', unique_key: 'salesforce-cc' } });
    const link = async () => {
      const res = await env.t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u1' }, allowed_integrations: ['salesforce', 'salesforce-cc'] } });
      return ((await res.json()) as { data: { connect_link: string } }).data.connect_link;
    };
    for (const theme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 480, height: 720 }, colorScheme: theme });
      const page = await context.newPage();
      const shot = (name: string) => page.screenshot({ path: `${OUT}${name}-${theme}.png` });
      await page.goto(`${await link()}&theme=${theme}`);
      await page.getByRole('heading', { name: 'Choose an integration' }).waitFor();
      await shot('1-integrations');
      await page.getByRole('button', { name: 'Salesforce', exact: true }).click();
      await page.getByLabel('My Domain').fill('acme.lightning.force.com');
      await page.getByText('not the Lightning host').waitFor();
      await shot('2-salesforce-form');
      await page.getByRole('button', { name: 'Back' }).click();
      await page.getByRole('button', { name: 'Salesforce (Client Credentials)' }).click();
      await page.getByLabel('Hostname').fill(org.myDomain);
      await page.getByLabel('Consumer Key').fill('wrong-key');
      await page.getByLabel('Consumer Secret').fill('secret');
      await shot('3-client-credentials-form');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('heading', { name: 'The connection failed' }).waitFor();
      await shot('4-error');
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByLabel('Consumer Key').fill(app.clientId);
      await page.getByLabel('Consumer Secret').fill(app.clientSecret);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('heading', { name: 'Connected' }).waitFor();
      await shot('5-success');
      await page.goto(`${env.t.url}/connect/?session_token=nango_connect_session_${'0'.repeat(64)}&theme=${theme}`);
      await page.getByRole('heading', { name: 'This link is no longer valid' }).waitFor();
      await shot('6-invalid-link');
      await context.close();
    }
    // The environment's own look (PUT /environment/connect-ui-settings): a logo, its primary colours, no watermark.
    const logo = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32"><rect width="32" height="32" rx="8" fill="#c2410c"/><text x="42" y="23" font-family="sans-serif" font-size="20" font-weight="700" fill="#c2410c">Acme</text></svg>').toString('base64')}`;
    const put = await env.t.api('/environment/connect-ui-settings', { method: 'PUT', json: { theme: { light: { primary: '#c2410c' }, dark: { primary: '#fb923c' } }, showWatermark: false, logoUrl: logo } });
    assert.equal(put.status, 200);
    for (const theme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 480, height: 720 }, colorScheme: theme });
      const page = await context.newPage();
      await page.goto(`${await link()}&theme=${theme}`);
      await page.getByRole('button', { name: 'Salesforce (Client Credentials)' }).click();
      await page.getByRole('img', { name: "The app's logo" }).waitFor();
      await page.screenshot({ path: `${OUT}7-environment-settings-${theme}.png` });
      await context.close();
    }
    assert.ok(true);
  } finally {
    await browser.close();
    await env.close();
  }
});
