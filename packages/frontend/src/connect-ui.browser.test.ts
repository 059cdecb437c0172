// A protocol test of the SDK's openConnectUI (nango-api.md §3.7), in Chromium: the iframe is a tiny static
// page served here that speaks the protocol (sends `ready`, records `session_token`, sends the other events
// on command). It checks the SDK's half of the protocol only; it is not a stand-in for terapi's Connect UI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Frame, Page } from 'playwright-core';
import { browserTestsSkipReason, launchChromium } from '../../server/src/testing/headless-chromium.js';
import { HOST_PAGE, startPageServer, type PageServer } from './testing/page-server.js';

const PROTOCOL_PEER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>protocol peer</title></head><body>
<script>
window.received = [];
window.addEventListener('message', (e) => { if (e.source === parent) window.received.push({ data: e.data, origin: e.origin }); });
parent.postMessage({ type: 'ready' }, '*');
</script></body></html>`;

describe('openConnectUI speaks §3.7 with the page in its iframe', { skip: browserTestsSkipReason() }, () => {
  let app: PageServer;
  let ui: PageServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    app = await startPageServer({ '/': HOST_PAGE });
    ui = await startPageServer({ '/connect/': PROTOCOL_PEER, '/': PROTOCOL_PEER }, '127.0.0.1');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await ui?.close();
  });

  async function open(props: Record<string, unknown>, sdkOptions: Record<string, unknown> = {}): Promise<Frame> {
    page = await browser.newPage();
    await page.goto(`${app.origin}/`);
    // A string, not a function: tsx would add its __name helper to a function's nested arrows, unknown in the page.
    await page.evaluate(`(async () => {
      const mod = await import('/dist/index.js');
      window.events = [];
      const sdk = new mod.default({ host: ${JSON.stringify(ui.origin)}, ...${JSON.stringify(sdkOptions)} });
      window.ui = sdk.openConnectUI({ ...${JSON.stringify(props)}, onEvent: (e) => void window.events.push(e) });
    })()`);
    const frame = await (await page.waitForSelector('iframe#connect-ui')).contentFrame();
    assert.ok(frame);
    await frame.waitForLoadState('load');
    return frame;
  }

  const events = () => page.evaluate(() => (window as unknown as { events: unknown[] }).events);
  const received = (frame: Frame) => frame.evaluate(() => (window as unknown as { received: Array<{ data: unknown; origin: string }> }).received);
  const send = (frame: Frame, message: unknown) => frame.evaluate((m) => parent.postMessage(m, '*'), message);
  // Polls until ok(value), for at most 30 s; then fails with the last value read (not a hang until the test's timeout).
  const waitFor = async <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > deadline) assert.fail(`still waiting after 30 s; last value read: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  test('ready → session_token from the constructor, then connect, error and settings_changed reach onEvent, and close removes the iframe', async () => {
    const frame = await open({ baseURL: `${ui.origin}/connect`, apiURL: 'https://terapi.example.com', lang: 'fr', themeOverride: 'dark', detectClosedAuthWindow: true }, { connectSessionToken: 'tok_1' });
    const src = new URL(await page.getAttribute('iframe#connect-ui', 'src') ?? '');
    assert.equal(src.pathname, '/connect/');
    assert.deepEqual(Object.fromEntries(src.searchParams), { apiURL: 'https://terapi.example.com', detectClosedAuthWindow: 'true', lang: 'fr', theme: 'dark' });
    const got = await waitFor(() => received(frame), (r) => r.length > 0);
    assert.deepEqual(got, [{ data: { type: 'session_token', sessionToken: 'tok_1' }, origin: app.origin }]);

    const connect = { type: 'connect', payload: { providerConfigKey: 'salesforce', connectionId: 'c-1', isPending: false } };
    const error = { type: 'error', payload: { errorType: 'connection_test_failed', errorMessage: 'Salesforce refused the consumer key.' } };
    const settings = { type: 'settings_changed', payload: { theme: { light: { primary: '#0b5cff' }, dark: { primary: '#7aa2ff' } }, defaultTheme: 'system', showWatermark: false } };
    for (const m of [connect, error, settings]) await send(frame, m);
    await waitFor(events, (e) => e.length === 4);
    await send(frame, { type: 'close' });
    assert.deepEqual(await waitFor(events, (e) => e.length === 5), [{ type: 'ready' }, connect, error, settings, { type: 'close' }]);
    await page.waitForSelector('iframe#connect-ui', { state: 'detached' });
    assert.equal(await page.evaluate(() => document.body.style.overflow), '');
    await page.close();
  });

  test('a token set after ready is sent at once; messages without a type, or from another window of the same origin, are ignored', async () => {
    const frame = await open({ baseURL: `${ui.origin}/connect/` });
    await waitFor(events, (e) => e.length === 1);
    assert.deepEqual(await received(frame), [], 'no token yet, nothing sent');
    await page.evaluate(() => (window as unknown as { ui: { setSessionToken(t: string): void } }).ui.setSessionToken('tok_late'));
    assert.deepEqual(await waitFor(() => received(frame), (r) => r.length > 0), [{ data: { type: 'session_token', sessionToken: 'tok_late' }, origin: app.origin }]);

    await send(frame, { no: 'type' });
    await send(frame, 'close');
    // A second frame on the UI's origin that is not the Connect UI iframe.
    await page.evaluate((src) => {
      const other = document.createElement('iframe');
      other.id = 'other';
      other.src = src;
      document.body.append(other);
    }, `${ui.origin}/`);
    const other = await (await page.waitForSelector('iframe#other')).contentFrame();
    await other!.waitForLoadState('load');
    await send(other!, { type: 'close' });
    await send(frame, { type: 'connect', payload: { providerConfigKey: 'k', connectionId: 'marker' } });
    const seen = (await waitFor(events, (e) => e.length === 2)) as Array<{ type: string }>;
    assert.deepEqual(seen.map((e) => e.type), ['ready', 'connect']);
    assert.equal(await page.locator('iframe#connect-ui').count(), 1);
    assert.deepEqual(await received(other!), [], 'the other frame got no token');
    await page.close();
  });

  test('with no URLs given, the UI is {host}/connect/ and apiURL is the host', async () => {
    await open({}, { connectSessionToken: 'tok_2' });
    const src = new URL(await page.getAttribute('iframe#connect-ui', 'src') ?? '');
    assert.equal(`${src.origin}${src.pathname}`, `${ui.origin}/connect/`);
    assert.equal(src.searchParams.get('apiURL'), ui.origin);
    await page.close();
  });
});
