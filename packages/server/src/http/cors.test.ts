// Browsers call terapi's API from other origins (@nangohq/frontend from the product's pages, the Connect UI
// embedded elsewhere), as they call Nango's: every answer allows any origin and exposes the headers a client
// reads, and a preflight names the headers Nango's clients send. The lists are given to @fastify/cors as
// ready header values (build-http-app.ts); this holds them to what a browser must see.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';

const EXPOSED = 'Authorization, Etag, Content-Type, Content-Length, X-Nango-Signature, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset';
const ORIGIN = 'https://app.example.com';
let t: TestTerapi;

before(async () => {
  t = await startTestTerapi();
});
after(async () => {
  await t?.close();
});

test('an answer to another origin allows it and exposes the headers a client reads, errors included, the proxy\'s (its front door\'s) too', async () => {
  for (const [path, status] of [['/health', 200], ['/integrations', 200], ['/connections/nope?provider_config_key=nope', 400], ['/no-such-route', 404], ['/proxy/services/data/v60.0/limits', 400]] as const) {
    const res = await t.api(path, { headers: { origin: ORIGIN } });
    assert.equal(res.status, status, path);
    assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
    assert.equal(res.headers.get('access-control-expose-headers'), EXPOSED, path);
    await res.arrayBuffer();
  }
});

test('a preflight is answered 204 with the methods, the headers Nango clients send and a max age', async () => {
  const res = await fetch(`${t.url}/proxy/services/data/v60.0/query`, {
    method: 'OPTIONS',
    headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, connection-id, provider-config-key, content-type' },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('access-control-max-age'), '600');
  const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(', ');
  for (const h of ['Authorization', 'Content-Type', 'Provider-Config-Key', 'Connection-Id', 'Nango-Is-Sync', 'Nango-Is-Dry-Run', 'Nango-Activity-Log-Id', 'X-Max-Retries']) assert.ok(allowed.includes(h), `${h} in ${allowed.join(', ')}`);
  assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
});
