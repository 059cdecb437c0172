// The Connect UI is served by terapi: the connect_link opens index.html (revalidated each time), whose
// content-hashed assets are cached for a year; nothing outside the build folder is reachable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';

describe('GET /connect/', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi();
    await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf' } });
  });
  after(() => t.close());

  test('the connect_link answers the built page, no-cache, and its assets are immutable', async () => {
    const session = await t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u1' } } });
    const { connect_link } = ((await session.json()) as { data: { connect_link: string } }).data;
    assert.ok(connect_link.startsWith(`${t.url}/connect/?session_token=`));
    const page = await fetch(connect_link);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), html);
    for (const asset of assets) {
      const res = await fetch(`${t.url}/connect/${asset}`);
      assert.equal(res.status, 200, asset);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.match(res.headers.get('content-type') ?? '', asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
    }
    assert.equal((await fetch(`${t.url}/connect`)).status, 200, 'without the trailing slash too');
  });

  test('unknown or escaping asset names answer not_found', async () => {
    for (const path of ['/connect/assets/nope.js', '/connect/assets/..%2f..%2fpackage.json', '/connect/assets/index.html']) {
      const res = await fetch(`${t.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
    }
  });
});
