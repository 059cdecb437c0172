import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxiedEndpoint, proxyBaseUrl, upstreamUrl } from './proxy-target.js';
import { TerapiError } from '../errors/terapi-error.js';
import type { Provider } from '../providers/provider-catalog.js';

const salesforce = {
  name: 'salesforce',
  auth_mode: 'OAUTH2',
  proxy: { base_url: '${connectionConfig.instance_url}', allowed_hosts: ['*.salesforce.com', '*.force.com'] },
} as unknown as Provider;
const scope = { connectionConfig: { instance_url: 'https://acme.my.salesforce.com' } };

function refusedWith(code: string) {
  return (err: unknown) => err instanceof TerapiError && err.code === code && err.status === 400;
}

test('the raw path and query after /proxy are kept byte for byte', () => {
  assert.equal(proxiedEndpoint('/proxy/services/data/v60.0/query?q=SELECT+Id%2CName+FROM+Account+WHERE+Name+%3D+%27a%27'), '/services/data/v60.0/query?q=SELECT+Id%2CName+FROM+Account+WHERE+Name+%3D+%27a%27');
  assert.equal(proxiedEndpoint('/proxy'), '/');
  assert.equal(proxiedEndpoint('/proxy?x=1'), '/?x=1');
  assert.equal(proxiedEndpoint('/proxy/a/b%20c/'), '/a/b%20c/');
  // a query may hold anything, including what a path may not
  assert.equal(proxiedEndpoint('/proxy/q?u=https://x/../%2F'), '/q?u=https://x/../%2F');
});

test('dot segments, encoded slashes, backslashes and absolute URLs in the path are refused', () => {
  for (const url of [
    '/proxy/services/../../etc/passwd',
    '/proxy/services/%2e%2e/x',
    '/proxy/services/.%2E/x',
    '/proxy/./x',
    '/proxy/services%2F..%2Fx',
    '/proxy/services%5cx',
    '/proxy/services\\..\\x',
    '/proxy//evil.example/x',
    '/proxy/https://evil.example/x',
    '/proxy/http:%2F%2Fevil.example',
    '/proxy/a/%zz',
  ]) {
    assert.throws(() => proxiedEndpoint(url), refusedWith('invalid_proxy_path'), url);
  }
});

test('the base URL comes from the catalog template and the endpoint is appended to it', () => {
  const base = proxyBaseUrl(salesforce, scope, '');
  assert.equal(upstreamUrl(base, '/services/data/v60.0/limits?x=1'), 'https://acme.my.salesforce.com/services/data/v60.0/limits?x=1');
});

test('a base URL with a path is not repeated when the endpoint starts with it', () => {
  const base = new URL('https://api.example.com/v2');
  assert.equal(upstreamUrl(base, '/v2/items'), 'https://api.example.com/v2/items');
  assert.equal(upstreamUrl(base, '/items'), 'https://api.example.com/v2/items');
  assert.equal(upstreamUrl(base, '/v20/items'), 'https://api.example.com/v2/v20/items');
});

test('Base-Url-Override is accepted for hosts the provider allows and refused otherwise', () => {
  assert.equal(proxyBaseUrl(salesforce, scope, 'https://acme--uat.sandbox.my.salesforce.com').origin, 'https://acme--uat.sandbox.my.salesforce.com');
  assert.equal(proxyBaseUrl(salesforce, scope, 'https://acme.lightning.force.com/').origin, 'https://acme.lightning.force.com');
  for (const bad of ['https://evil.example.com', 'https://salesforce.com.evil.example', 'http://acme.my.salesforce.com.evil.example', 'http://other.my.salesforce.com', 'https://user:pw@acme.my.salesforce.com', 'not a url', 'https://169.254.169.254', 'https://127.0.0.1']) {
    assert.throws(() => proxyBaseUrl(salesforce, scope, bad), refusedWith('base_url_override_not_allowed'), bad);
  }
});

test('a connection without the value the base URL needs is told so', () => {
  assert.throws(() => proxyBaseUrl(salesforce, { connectionConfig: {} }, ''), refusedWith('proxy_not_supported'));
});
