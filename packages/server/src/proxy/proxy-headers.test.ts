import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downstreamResponseHeaders, proxyControlsOf, upstreamRequestHeaders } from './proxy-headers.js';
import { TerapiError } from '../errors/terapi-error.js';

test('Nango-Proxy-* headers are forwarded without the prefix, in the case the caller sent, in either prefix case', () => {
  const out = upstreamRequestHeaders(['Nango-Proxy-X-Custom-Thing', 'a', 'nango-proxy-Sforce-Query-Options', 'batchSize=200', 'NANGO-PROXY-accept', 'application/xml']);
  assert.deepEqual(out, { 'X-Custom-Thing': 'a', 'Sforce-Query-Options': 'batchSize=200', accept: 'application/xml' });
});

test("the caller's own credentials, terapi's control headers and hop-by-hop headers are not forwarded", () => {
  const out = upstreamRequestHeaders([
    'Authorization', 'Bearer terapi-secret',
    'Cookie', 'session=1',
    'Connection-Id', 'c1',
    'Provider-Config-Key', 'salesforce',
    'Base-Url-Override', '',
    'Nango-Activity-Log-Id', '',
    'Retries', '3',
    'Retry-On', '500',
    'Decompress', 'true',
    'Connection', 'keep-alive, X-Per-Hop',
    'X-Per-Hop', 'dropped because Connection names it',
    'Keep-Alive', 'timeout=5',
    'Transfer-Encoding', 'chunked',
    'TE', 'trailers',
    'Upgrade', 'h2c',
    'Host', '127.0.0.1:3003',
    'Content-Length', '12',
    'Content-Type', 'application/json',
    'Accept', 'application/json',
  ]);
  assert.deepEqual(out, { 'Content-Type': 'application/json', Accept: 'application/json' });
});

test('a forwarded header replaces the plain header of the same name', () => {
  const out = upstreamRequestHeaders(['Content-Type', 'application/json', 'Nango-Proxy-Content-Type', 'text/xml']);
  assert.deepEqual(out, { 'Content-Type': 'text/xml' });
});

test('response headers lose hop-by-hop and access-control-* fields and keep the rest, repeated ones included', () => {
  const out = downstreamResponseHeaders(
    {
      'content-type': 'application/json',
      'sforce-limit-info': 'api-usage=1/15000',
      'set-cookie': ['a=1', 'b=2'],
      'transfer-encoding': 'chunked',
      connection: 'keep-alive, x-hop',
      'x-hop': '1',
      'keep-alive': 'timeout=5',
      'access-control-allow-origin': 'https://evil.example',
      'content-encoding': 'gzip',
      'content-length': '10',
    },
    { decompressed: false },
  );
  assert.deepEqual(out, { 'content-type': 'application/json', 'sforce-limit-info': 'api-usage=1/15000', 'set-cookie': ['a=1', 'b=2'], 'content-encoding': 'gzip', 'content-length': '10' });
  const decompressed = downstreamResponseHeaders({ 'content-encoding': 'gzip', 'content-length': '10', etag: 'x' }, { decompressed: true });
  assert.deepEqual(decompressed, { etag: 'x' });
});

test('control headers are read with the defaults of the node client (empty Base-Url-Override, no retries)', () => {
  assert.deepEqual(proxyControlsOf({ 'connection-id': 'c1', 'provider-config-key': 'sf', 'base-url-override': '', 'nango-activity-log-id': '' }), {
    connectionId: 'c1',
    providerConfigKey: 'sf',
    retries: 0,
    retryOn: new Set(),
    decompress: false,
    baseUrlOverride: '',
  });
  const c = proxyControlsOf({ 'connection-id': 'c1', 'provider-config-key': 'sf', retries: '3', 'retry-on': '500,502', decompress: 'true' });
  assert.equal(c.retries, 3);
  assert.deepEqual([...c.retryOn], [500, 502]);
  assert.equal(c.decompress, true);
});

test('missing or malformed control headers are one invalid_headers error listing each', () => {
  assert.throws(
    () => proxyControlsOf({ retries: 'many', 'retry-on': '5xx', decompress: 'yes' }),
    (err: unknown) => {
      assert.ok(err instanceof TerapiError);
      assert.equal(err.code, 'invalid_headers');
      assert.equal(err.status, 400);
      assert.deepEqual(err.errors?.map((e) => e.path[0]), ['connection-id', 'provider-config-key', 'retries', 'retry-on', 'decompress']);
      return true;
    },
  );
});
