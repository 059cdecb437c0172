// issue 5 points 6 and 7: API usage recorded on the connection and as a metric, GET /metrics, and one
// operation row per proxied call that carries no secret.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { startProxyRig, type ProxyRig } from './proxy-test-rig.js';

const V = '/services/data/v60.0';
const METRICS_KEY = 'proxy-observability-metrics-key';
let rig: ProxyRig;

before(async () => {
  rig = await startProxyRig({ terapi: { env: { TERAPI_METRICS_KEY: METRICS_KEY } } });
});
const scrape = () => fetch(`${rig.t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_KEY}` } });
after(async () => {
  await rig?.close();
});

async function proxied(path: string, headers: Record<string, string> = {}) {
  const res = await request(`${rig.t.url}/proxy${path}`, { headers: { authorization: `Bearer ${rig.t.devSecretKey}`, ...rig.proxyHeaders, ...headers } });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

async function connection(): Promise<{ api_usage: { used: number; max: number; remaining: number; updated_at: string } | null }> {
  const res = await rig.t.api(`/connections/${rig.connectionId}?provider_config_key=${rig.providerConfigKey}`);
  assert.equal(res.status, 200);
  return (await res.json()) as never;
}

test('Sforce-Limit-Info of proxied responses becomes the connection api_usage and a Prometheus gauge', async () => {
  const res = await proxied(`${V}/limits`);
  assert.equal(res.status, 200);
  const [, used, max] = /api-usage=(\d+)\/(\d+)/.exec(String(res.headers['sforce-limit-info']))!;
  await rig.t.services.proxy.flush();
  const { api_usage } = await connection();
  assert.equal(api_usage?.used, Number(used));
  assert.equal(api_usage?.max, Number(max));
  assert.equal(api_usage?.remaining, Number(max) - Number(used));
  const metrics = await (await scrape()).text();
  const labels = `provider_config_key="${rig.providerConfigKey}",connection_id="${rig.connectionId}"`;
  assert.match(metrics, new RegExp(`^terapi_connection_api_usage_used\\{${labels}\\} ${used}$`, 'm'));
  assert.match(metrics, new RegExp(`^terapi_connection_api_usage_max\\{${labels}\\} ${max}$`, 'm'));
});

test('GET /metrics counts requests, errors, retries and latency by provider in Prometheus text format', async () => {
  await rig.sim.control.addFault({ match: { method: 'GET', pathPrefix: `${V}/sobjects/Contact` }, effect: { status: 503, body: 'x' }, times: 1 });
  assert.equal((await proxied(`${V}/sobjects/Contact`, { Retries: '1' })).status, 200);
  assert.equal((await proxied(`${V}/sobjects/Nope__c/describe`)).status, 404);
  assert.equal((await proxied(`${V}/limits`, { 'Base-Url-Override': 'https://evil.example' })).status, 400);
  const res = await scrape();
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  assert.match(text, /^# TYPE terapi_proxy_requests_total counter$/m);
  assert.match(text, /^terapi_proxy_requests_total\{provider="salesforce",method="GET",status="200"\} [2-9]\d*$/m);
  assert.match(text, /^terapi_proxy_requests_total\{provider="salesforce",method="GET",status="404"\} 1$/m);
  assert.match(text, /^terapi_proxy_errors_total\{provider="salesforce",code="upstream_404"\} 1$/m);
  assert.match(text, /^terapi_proxy_errors_total\{provider="salesforce",code="base_url_override_not_allowed"\} 1$/m);
  assert.match(text, /^terapi_proxy_retries_total\{provider="salesforce",reason="unavailable"\} 1$/m);
  assert.match(text, /^terapi_proxy_request_duration_seconds_count\{provider="salesforce"\} [3-9]\d*$/m);
  assert.match(text, /^terapi_proxy_request_duration_seconds_bucket\{le="\+Inf",provider="salesforce"\} [3-9]\d*$/m);
  assert.match(text, /^terapi_process_resident_memory_bytes \d+/m);
});

test('each proxied call is one operation row with method, path, status, duration, retries and connection, and no secret', async () => {
  await rig.t.services.proxy.flush();
  await rig.t.services.db.query("delete from operations where kind = 'proxy'");
  const secretQuery = `${V}/query?q=${encodeURIComponent("SELECT Id FROM Contact WHERE Email = 'secret@example.com'")}`;
  assert.equal((await proxied(secretQuery, { 'Nango-Proxy-X-Api-Key': 'hunter2-header-secret' })).status, 200);
  assert.equal((await proxied(`${V}/sobjects/Nope__c/describe`)).status, 404);
  await rig.t.services.proxy.flush();
  const { rows } = await rig.t.services.db.query<{ kind: string; status: string; message: string; detail: Record<string, unknown>; connection_id: number; provider_config_key: string; started_at: Date; ended_at: Date }>(
    "select kind, status, message, detail, connection_id, provider_config_key, started_at, ended_at from operations where kind = 'proxy' order by id",
  );
  assert.equal(rows.length, 2);
  const c = await rig.t.services.connections.get((await rig.t.services.environments.findBySecretKey(rig.t.devSecretKey))!.id, rig.providerConfigKey, rig.connectionId);
  const [ok, notFound] = rows as [(typeof rows)[0], (typeof rows)[0]];
  assert.equal(ok.kind, 'proxy');
  assert.equal(ok.status, 'success');
  assert.equal(ok.message, `GET ${V}/query`);
  assert.equal(ok.connection_id, c!.id);
  assert.equal(ok.provider_config_key, rig.providerConfigKey);
  assert.equal(ok.detail.method, 'GET');
  assert.equal(ok.detail.path, `${V}/query`);
  assert.equal(ok.detail.status, 200);
  assert.equal(ok.detail.retries, 0);
  assert.equal(ok.detail.connection_id, rig.connectionId);
  assert.equal(typeof ok.detail.duration_ms, 'number');
  assert.ok(ok.ended_at.getTime() >= ok.started_at.getTime());
  assert.equal(notFound.status, 'failed');
  assert.equal(notFound.detail.status, 404);
  assert.equal(notFound.detail.error_code, 'upstream_404');
  const everything = JSON.stringify(rows);
  const { accessToken } = await rig.token();
  for (const secret of [accessToken, rig.t.devSecretKey, 'hunter2-header-secret', 'secret@example.com']) assert.equal(everything.includes(secret), false, secret);
});
