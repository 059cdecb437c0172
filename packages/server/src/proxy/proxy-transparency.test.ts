// issue 5 points 1, 2 and 5, against the Salesforce simulator: through @nangohq/node and plain HTTP, the
// proxy answers what a direct call with the connection's token answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { Nango } from '@nangohq/node';
import { startProxyRig, type ProxyRig } from './proxy-test-rig.js';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import { ConnectionCache } from './connection-cache.js';

const V = '/services/data/v60.0';
let rig: ProxyRig;
let nango: Nango;

before(async () => {
  rig = await startProxyRig({ sim: { seed: 205 } });
  nango = new Nango({ secretKey: rig.t.devSecretKey, host: rig.t.url });
});
after(async () => {
  await rig?.close();
});

async function proxied(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) {
  const res = await request(`${rig.t.url}/proxy${path}`, {
    method: (init.method ?? 'GET') as 'GET',
    headers: { authorization: `Bearer ${rig.t.devSecretKey}`, ...rig.proxyHeaders, ...init.headers },
    body: init.body ?? null,
  });
  return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
}

/** A raw request line, unnormalised (fetch and undici would resolve `..` before sending). */
function rawRequest(path: string): Promise<{ status: number; body: string }> {
  const url = new URL(rig.t.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', headers: { authorization: `Bearer ${rig.t.devSecretKey}`, ...rig.proxyHeaders } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('transparency', () => {
  test('a 2xx answer comes back with the same status, headers and bytes as a direct call', async () => {
    const path = `${V}/query?q=${encodeURIComponent("SELECT Id, Name FROM Contact WHERE Name != 'x' ORDER BY Name LIMIT 5")}`;
    const direct = await rig.direct(path);
    const viaProxy = await proxied(path);
    assert.equal(viaProxy.status, 200);
    assert.equal(direct.status, 200);
    assert.equal(viaProxy.body.toString(), direct.body.toString());
    assert.equal(viaProxy.headers['content-type'], direct.headers['content-type']);
    assert.equal(viaProxy.headers['content-length'], direct.headers['content-length']);
    assert.match(String(viaProxy.headers['sforce-limit-info']), /^api-usage=\d+\/15000$/);
    assert.equal(viaProxy.headers['transfer-encoding'], undefined);
  });

  test('non-2xx answers come back with the provider status and raw body, not the {error} envelope', async () => {
    for (const path of [`${V}/sobjects/Account/001000000000000AAA`, `${V}/query?q=SELEC+Id`, `${V}/sobjects/NoSuchObject__c/describe`, '/services/data/v38/limits']) {
      const direct = await rig.direct(path);
      const viaProxy = await proxied(path);
      assert.ok(direct.status >= 400, path);
      assert.equal(viaProxy.status, direct.status, path);
      assert.equal(viaProxy.body.toString(), direct.body.toString(), path);
      assert.equal(viaProxy.headers['content-type'], direct.headers['content-type'], path);
    }
  });

  test('@nangohq/node get/post/patch/delete work unchanged, and a non-2xx throws with the provider body', async () => {
    const created = await nango.post({ endpoint: `${V}/sobjects/Account`, providerConfigKey: rig.providerConfigKey, connectionId: rig.connectionId, data: { Name: 'Proxy Test Ltd', Industry: 'Energy' } });
    assert.equal(created.status, 201);
    const id = (created.data as { id: string; success: boolean }).id;
    assert.equal((created.data as { success: boolean }).success, true);
    const patched = await nango.patch({ endpoint: `${V}/sobjects/Account/${id}`, providerConfigKey: rig.providerConfigKey, connectionId: rig.connectionId, data: { Name: 'Proxy Test Renamed' } });
    assert.equal(patched.status, 204);
    const got = await nango.get({ endpoint: `${V}/sobjects/Account/${id}`, providerConfigKey: rig.providerConfigKey, connectionId: rig.connectionId, params: { fields: 'Name,Industry' } });
    assert.equal(got.status, 200);
    assert.equal((got.data as { Name: string }).Name, 'Proxy Test Renamed');
    assert.equal((got.data as { Industry: string }).Industry, 'Energy');
    const deleted = await nango.delete({ endpoint: `${V}/sobjects/Account/${id}`, providerConfigKey: rig.providerConfigKey, connectionId: rig.connectionId });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.data, '');
    const direct = await rig.direct(`${V}/sobjects/Account/${id}`);
    assert.equal(direct.status, 404);
    await assert.rejects(
      nango.get({ endpoint: `${V}/sobjects/Account/${id}`, providerConfigKey: rig.providerConfigKey, connectionId: rig.connectionId }),
      (err: { response?: { status: number; data: unknown } }) => {
        assert.equal(err.response?.status, 404);
        assert.deepEqual(err.response?.data, JSON.parse(direct.body.toString()));
        return true;
      },
    );
  });

  test('the raw query string reaches Salesforce as sent (params of the node client included)', async () => {
    const soql = "SELECT Id, Name FROM Account WHERE Name LIKE '%1%' ORDER BY Name LIMIT 3";
    const direct = await rig.direct(`${V}/query?q=${encodeURIComponent(soql)}`);
    const viaNango = await nango.get({ endpoint: `${V}/query`, params: { q: soql }, providerConfigKey: rig.providerConfigKey, connectionId: rig.connectionId });
    assert.deepEqual(viaNango.data, JSON.parse(direct.body.toString()));
    const plus = await proxied(`${V}/query?q=SELECT+Id+FROM+Account+LIMIT+2`);
    assert.equal(plus.status, 200);
    assert.equal((JSON.parse(plus.body.toString()) as { totalSize: number }).totalSize, 2);
  });

  test('JSON sent as bytes of any content type arrives byte for byte', async () => {
    const name = 'Zoë & Søn — “Ünïcødé” 株式会社';
    const bytes = Buffer.from(JSON.stringify({ Name: name }), 'utf8');
    for (const type of ['application/octet-stream', 'text/plain;charset=UTF-8', 'application/json']) {
      const created = await proxied(`${V}/sobjects/Account`, { method: 'POST', headers: { 'content-type': type }, body: bytes });
      assert.equal(created.status, 201, type);
      const { id } = JSON.parse(created.body.toString()) as { id: string };
      const read = await rig.direct(`${V}/sobjects/Account/${id}?fields=Name`);
      assert.equal((JSON.parse(read.body.toString()) as { Name: string }).Name, name, type);
    }
    const viaNango = await nango.post({ endpoint: `${V}/sobjects/Account`, providerConfigKey: rig.providerConfigKey, connectionId: rig.connectionId, data: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(viaNango.status, 201);
  });

  test('a chunked body of unknown length streams through', async () => {
    const parts = ['{"Name":', '"Chunked', ' Co"}'];
    const res = await request(`${rig.t.url}/proxy${V}/sobjects/Account`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rig.t.devSecretKey}`, ...rig.proxyHeaders, 'content-type': 'application/json' },
      body: Readable.from(parts.map((p) => Buffer.from(p))),
    });
    assert.equal(res.statusCode, 201);
    const { id } = (await res.body.json()) as { id: string };
    const read = await rig.direct(`${V}/sobjects/Account/${id}?fields=Name`);
    assert.equal((JSON.parse(read.body.toString()) as { Name: string }).Name, 'Chunked Co');
  });

  test("a caller's own Nango-Proxy-Authorization replaces the connection's token and is not refreshed", async () => {
    await rig.sim.control.resetRequestLog();
    const res = await proxied(`${V}/limits`, { headers: { 'Nango-Proxy-Authorization': 'Bearer not-a-salesforce-token' } });
    assert.equal(res.status, 401);
    assert.deepEqual(JSON.parse(res.body.toString()), [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    assert.equal((await rig.sim.control.requestLog()).counts['oauth2.token:refresh_token'], undefined);
  });

  test('form, XML and multipart bodies get the answer Salesforce gives them directly', async () => {
    const boundary = '----terapi-boundary';
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="entity_document"\r\nContent-Type: application/json\r\n\r\n{"Name":"m"}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="Body"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.from([0, 1, 2, 255, 254, 13, 10]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const cases: Array<[string, Buffer]> = [
      ['application/x-www-form-urlencoded', Buffer.from('Name=Form+Co&Industry=Energy')],
      ['text/xml', Buffer.from('<?xml version="1.0"?><Account><Name>X</Name></Account>')],
      [`multipart/form-data; boundary=${boundary}`, multipart],
    ];
    for (const [type, body] of cases) {
      const direct = await rig.direct(`${V}/sobjects/Account`, { method: 'POST', headers: { 'content-type': type }, body });
      const viaProxy = await proxied(`${V}/sobjects/Account`, { method: 'POST', headers: { 'content-type': type }, body });
      assert.equal(viaProxy.status, direct.status, type);
      assert.equal(viaProxy.body.toString(), direct.body.toString(), type);
    }
  });
});

describe('base URL', () => {
  test("a sandbox connection is proxied to its own instance_url (the catalog's template for every variant)", async () => {
    const sandbox = await connectSalesforce(rig.t, rig.sim, { provider: 'salesforce-sandbox', endUserId: 'user-sandbox' });
    await rig.sim.control.resetRequestLog();
    const res = await proxied(`${V}/limits`, { headers: { 'Connection-Id': sandbox.connectionId, 'Provider-Config-Key': sandbox.providerConfigKey } });
    assert.equal(res.status, 200);
    const hosts = (await rig.sim.control.requestLog()).requests.filter((r) => r.path === `${V}/limits`).map((r) => r.host);
    assert.deepEqual(hosts, ['acme--uat.sandbox.my.salesforce.com']);
  });
});

describe('headers', () => {
  test('Nango-Proxy-* headers reach Salesforce: Sforce-Query-Options changes the batch size', async () => {
    const q = `${V}/query?q=${encodeURIComponent('SELECT Id FROM Account')}`;
    const plain = JSON.parse((await proxied(q)).body.toString()) as { records: unknown[]; done: boolean };
    assert.equal(plain.done, true);
    const batched = await nango.get({ endpoint: q, providerConfigKey: rig.providerConfigKey, connectionId: rig.connectionId, headers: { 'Sforce-Query-Options': 'batchSize=200' } });
    const data = batched.data as { records: unknown[]; done: boolean; nextRecordsUrl: string };
    assert.equal(data.records.length, 200);
    assert.equal(data.done, false);
    assert.match(data.nextRecordsUrl, /^\/services\/data\/v60\.0\/query\/01g/);
  });

  test("the caller's Authorization never reaches Salesforce: the connection's token does", async () => {
    // Were terapi's secret key forwarded, Salesforce would answer 401.
    const res = await proxied(`${V}/limits`, { headers: { cookie: 'sid=terapi-cookie' } });
    assert.equal(res.status, 200);
    assert.ok((JSON.parse(res.body.toString()) as { DailyApiRequests: { Max: number } }).DailyApiRequests.Max > 0);
  });

  test('missing or malformed control headers are a coded invalid_headers error', async () => {
    const res = await request(`${rig.t.url}/proxy${V}/limits`, { headers: { authorization: `Bearer ${rig.t.devSecretKey}`, 'Retry-On': 'soon' } });
    assert.equal(res.statusCode, 400);
    const body = (await res.body.json()) as { error: { code: string; errors: Array<{ path: string[] }> } };
    assert.equal(body.error.code, 'invalid_headers');
    assert.deepEqual(body.error.errors.map((e) => e.path[0]), ['connection-id', 'provider-config-key', 'retry-on']);
  });

  test('an unknown integration or connection and a missing secret key are terapi errors in the {error} envelope', async () => {
    const unknownConnection = await proxied(`${V}/limits`, { headers: { 'Connection-Id': 'nope' } });
    assert.equal(unknownConnection.status, 400);
    assert.equal((JSON.parse(unknownConnection.body.toString()) as { error: { code: string } }).error.code, 'unknown_connection');
    const unknownIntegration = await proxied(`${V}/limits`, { headers: { 'Provider-Config-Key': 'nope' } });
    assert.equal(unknownIntegration.status, 400);
    assert.equal((JSON.parse(unknownIntegration.body.toString()) as { error: { code: string } }).error.code, 'unknown_provider_config');
    const anonymous = await request(`${rig.t.url}/proxy${V}/limits`, { headers: rig.proxyHeaders });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(((await anonymous.body.json()) as { error: { code: string } }).error.code, 'missing_auth_header');
  });
});

describe('safety', () => {
  test("Base-Url-Override may point at the connection's own Salesforce domain and nowhere else", async () => {
    const own = await nango.get({ endpoint: `${V}/limits`, providerConfigKey: rig.providerConfigKey, connectionId: rig.connectionId, baseUrlOverride: 'https://acme.my.salesforce.com' });
    assert.equal(own.status, 200);
    for (const override of ['https://evil.example.com', 'http://127.0.0.1:1', 'https://acme.my.salesforce.com.evil.example']) {
      const res = await proxied(`${V}/limits`, { headers: { 'Base-Url-Override': override } });
      assert.equal(res.status, 400, override);
      assert.equal((JSON.parse(res.body.toString()) as { error: { code: string } }).error.code, 'base_url_override_not_allowed', override);
    }
  });

  test('a stored instance_url on a loopback or private address (old data) is refused with connection_config_host_not_allowed (SSRF)', async () => {
    const s = rig.t.services;
    const env = (await s.environments.findBySecretKey(rig.t.devSecretKey))!;
    const c = (await s.connections.get(env.id, rig.providerConfigKey, rig.connectionId))!;
    const cache = s.proxy.engine.cache;
    const key = ConnectionCache.key(env.id, rig.providerConfigKey, rig.connectionId);
    try {
      for (const instanceUrl of ['http://127.0.0.1:9', 'https://localhost:9', 'http://169.254.169.254', 'http://[::1]:9', 'http://10.1.2.3']) {
        await s.db.query(`update connections set connection_config = connection_config || jsonb_build_object('instance_url', $2::text) where id = $1`, [c.id, instanceUrl]);
        cache.delete(key);
        const res = await proxied(`${V}/limits`);
        assert.equal(res.status, 400, instanceUrl);
        assert.equal((JSON.parse(res.body.toString()) as { error: { code: string } }).error.code, 'connection_config_host_not_allowed', instanceUrl);
      }
    } finally {
      await s.db.query(`update connections set connection_config = connection_config || jsonb_build_object('instance_url', $2::text) where id = $1`, [c.id, c.connectionConfig.instance_url]);
      cache.delete(key);
    }
    assert.equal((await proxied(`${V}/limits`)).status, 200);
  });

  test('path tricks are refused with invalid_proxy_path before anything is sent', async () => {
    const before = (await rig.sim.control.requestLog()).requests.length;
    for (const path of [`/proxy${V}/../../../etc/passwd`, `/proxy${V}/%2e%2e/%2e%2e/x`, `/proxy${V}%2F..%2Fx`, '/proxy//evil.example/x', '/proxy/https://evil.example/x', '/proxy/services\\..\\x']) {
      const res = await rawRequest(path);
      assert.equal(res.status, 400, path);
      assert.equal((JSON.parse(res.body) as { error: { code: string } }).error.code, 'invalid_proxy_path', path);
    }
    assert.equal((await rig.sim.control.requestLog()).requests.length, before);
  });
});
