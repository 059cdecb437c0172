import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';

describe('provider logos at /images/template-logos/:provider.svg', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi();
  });
  after(() => t?.close());

  test('every catalog provider’s logo_url answers an SVG, publicly, cached and revalidated by ETag', async () => {
    const providers = ((await (await t.api('/providers')).json()) as { data: { name: string; logo_url: string }[] }).data;
    assert.ok(providers.length >= 6);
    for (const p of providers) {
      const res = await fetch(p.logo_url);
      assert.equal(res.status, 200, p.name);
      assert.equal(res.headers.get('content-type'), 'image/svg+xml');
      assert.match(res.headers.get('cache-control') ?? '', /^public, max-age=86400\b/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      const svg = await res.text();
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.doesNotMatch(svg, /<script|\son\w+=|href=/i, 'nothing active or external in a logo');
      const etag = res.headers.get('etag')!;
      assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
      const again = await fetch(p.logo_url, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
    }
  });

  test('an unknown name or a path is the JSON 404 of the registry, never a file', async () => {
    for (const path of ['nope.svg', 'salesforce.png', 'salesforce', '..%2Fcatalog.yaml', '..%2F..%2F..%2Fpackage.json', '%2E%2E%2Fsalesforce%2Fcatalog.yaml.svg', 'salesforce%00.svg', '.svg']) {
      const res = await fetch(`${t.url}/images/template-logos/${path}`);
      assert.ok(res.status === 404 || res.status === 400, `${path}: ${res.status}`);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/, path);
      const body = (await res.json()) as { error: { code: string } };
      assert.ok(['not_found', 'invalid_uri_params', 'invalid_request'].includes(body.error.code), `${path}: ${body.error.code}`);
    }
    const plain = await fetch(`${t.url}/images/template-logos/nope.svg`);
    assert.deepEqual(await plain.json(), { error: { code: 'not_found', message: 'No provider logo nope.svg; GET /providers gives each logo_url.' } });
  });
});
