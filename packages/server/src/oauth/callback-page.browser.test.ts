// The OAuth callback page in a real browser (nango-api.md §3.5): opened as a popup, it tells its opener
// (postMessage) and the BroadcastChannel, closes itself after success, and stays open with the details on error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { callbackPage } from './callback-page.js';
import { browserTestsSkipReason, launchChromium } from '../testing/headless-chromium.js';

const OPENER = `<!doctype html><html><body><script>
window.received = [];
window.addEventListener('message', (e) => window.received.push(e.data));
const bc = new BroadcastChannel('nango-oauth-callback');
bc.onmessage = (e) => window.received.push({ via: 'broadcast', ...e.data });
</script></body></html>`;

describe('the OAuth callback page in Chromium', { skip: browserTestsSkipReason() }, () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  before(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      const body = path === '/opener' ? OPENER : path === '/ok' ? callbackPage(null) : callbackPage({ message: 'Salesforce said "no" </script>', errorType: 'callback_err' });
      res.writeHead(path === '/error' ? 400 : 200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  test('success: the opener and the BroadcastChannel hear nango_oauth_callback_success, and the popup closes itself', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/opener`);
    const popupPromise = page.waitForEvent('popup');
    await page.evaluate((url) => void window.open(url, '_blank', 'width=500,height=600'), `${origin}/ok`);
    const popup = await popupPromise;
    await popup.waitForEvent('close', { timeout: 10_000 });
    // the popup's messages cross the browser process (window.opener's, BroadcastChannel's): either may reach the
    // opener after the popup is seen closing
    await page.waitForFunction(() => (window as unknown as { received: Array<{ via?: string }> }).received.some((m) => m.via === 'broadcast'));
    await page.waitForFunction(() => (window as unknown as { received: Array<{ via?: string }> }).received.some((m) => m.via === undefined));
    const received = (await page.evaluate(() => (window as unknown as { received: unknown[] }).received)) as Array<Record<string, unknown>>;
    assert.ok(received.some((m) => m.type === 'nango_oauth_callback_success' && !('via' in m)), JSON.stringify(received));
    assert.ok(received.some((m) => m.type === 'nango_oauth_callback_success' && m.via === 'broadcast'), JSON.stringify(received));
    await page.close();
  });

  test('error: the opener gets the payload, the page stays open with the details, and an ack closes it', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/opener`);
    const popupPromise = page.waitForEvent('popup');
    await page.evaluate((url) => void window.open(url, '_blank'), `${origin}/error`);
    const popup = await popupPromise;
    await popup.waitForLoadState('load');
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(popup.isClosed(), false, 'an error page stays open');
    assert.match(await popup.textContent('body') ?? '', /Salesforce said "no" <\/script>/);
    await page.waitForFunction(() => (window as unknown as { received: Array<{ type?: string }> }).received.some((m) => m.type === 'nango_oauth_callback_error'));
    const received = (await page.evaluate(() => (window as unknown as { received: unknown[] }).received)) as Array<{ type: string; payload?: { message: string; errorType: string } }>;
    const err = received.find((m) => m.type === 'nango_oauth_callback_error');
    assert.deepEqual(err?.payload, { message: 'Salesforce said "no" </script>', errorType: 'callback_err' });
    const closed = popup.waitForEvent('close', { timeout: 10_000 });
    await page.evaluate(() => {
      const bc = new BroadcastChannel('nango-oauth-callback');
      bc.postMessage({ type: 'nango_oauth_callback_ack' });
    });
    await closed;
    await page.close();
  });
});
