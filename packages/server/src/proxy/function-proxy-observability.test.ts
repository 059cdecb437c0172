// issue 10 point 3: a function's proxy call goes through the same ProxyService as `/proxy`, so it lands in
// the operation log (naming the function and its run), the proxy metrics and the connection's API usage;
// and a worker-role process serves /metrics too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import { deployFolder } from '../functions/testing/deploy-folder.js';
import { writeFunctionsFolder } from '../functions/testing/function-fixtures.js';
import { startTestTerapi } from '../testing/test-terapi.js';

const KEY = 'calls-limits';
const METRICS_KEY = 'function-proxy-metrics-key';
let env: TerapiWithSim;
let connectionId: string;

before(async () => {
  env = await startTerapiWithSalesforceSim({ terapi: { env: { TERAPI_METRICS_KEY: METRICS_KEY } } });
  ({ connectionId } = await connectSalesforce(env.t, env.sim, { provider: 'salesforce', integrationKey: KEY }));
  const folder = writeFunctionsFolder([
    {
      integration: KEY,
      kind: 'action',
      name: 'read-limits',
      source: `import { createAction } from 'terapi';\nimport * as z from 'zod';\nexport default createAction({ description: 'limits', input: z.any(), output: z.any(), exec: async (nango) => { const r = await nango.get({ endpoint: '/services/data/v60.0/limits' }); return { status: r.status }; } });\n`,
    },
  ]);
  try {
    await deployFolder(env.t, folder.dir);
  } finally {
    folder.remove();
  }
});
after(async () => {
  await env?.close();
});

const trigger = (headers: Record<string, string> = {}) =>
  env.t.api('/action/trigger', { method: 'POST', json: { action_name: 'read-limits' }, headers: { 'connection-id': connectionId, 'provider-config-key': KEY, ...headers } });

async function apiUsage(): Promise<{ used: number; max: number } | null> {
  const res = await env.t.api(`/connections/${connectionId}?provider_config_key=${KEY}`);
  return ((await res.json()) as { api_usage: { used: number; max: number } | null }).api_usage;
}

test("a function's proxy call is in the operation log with its function and run, in the proxy metrics and in API usage", async () => {
  assert.equal(await apiUsage(), null);
  const res = await trigger();
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 200 });

  const queued = await trigger({ 'x-async': 'true' });
  assert.equal(queued.status, 202);
  const { id: runId, statusUrl } = (await queued.json()) as { id: string; statusUrl: string };
  let done = false;
  for (let attempt = 0; attempt < 600 && !done; attempt++) {
    const r = await env.t.api(statusUrl);
    if (r.status === 200) done = true;
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(done, 'the async action finished');

  await env.t.services.proxy.flush();
  const { rows } = await env.t.services.db.query<{ status: string; message: string; provider_config_key: string; detail: Record<string, unknown> }>(
    "select status, message, provider_config_key, detail from operations where kind = 'proxy' and provider_config_key = $1 order by id",
    [KEY],
  );
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(row.status, 'success');
    assert.equal(row.message, 'GET /services/data/v60.0/limits');
    assert.equal(row.detail.function_name, 'read-limits');
    assert.equal(row.detail.connection_id, connectionId);
    assert.equal(row.detail.status, 200);
  }
  assert.deepEqual(
    rows.map((r) => r.detail.run_id),
    [null, runId],
  );

  const usage = await apiUsage();
  assert.ok(usage && usage.max > 0 && usage.used > 0, JSON.stringify(usage));
  const metrics = await (await fetch(`${env.t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_KEY}` } })).text();
  assert.match(metrics, /^terapi_proxy_requests_total\{provider="salesforce",method="GET",status="200"\} 2$/m);
  assert.match(metrics, new RegExp(`^terapi_connection_api_usage_used\\{provider_config_key="${KEY}",connection_id="${connectionId}"\\} ${usage.used}$`, 'm'));
});

test('a worker-role process serves /health and /metrics on its port, and no API route', async () => {
  const worker = await startTestTerapi({ role: 'worker', database: { url: env.t.databaseUrl, encryptionKey: env.t.encryptionKey }, env: { TERAPI_METRICS_KEY: METRICS_KEY } });
  try {
    assert.equal((await fetch(`${worker.url}/health`)).status, 200);
    const res = await fetch(`${worker.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_KEY}` } });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /^# TYPE terapi_proxy_requests_total counter$/m);
    const refused = await fetch(`${worker.url}/metrics`);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'missing_auth_header');
    assert.equal((await worker.api('/connections')).status, 404);
  } finally {
    await worker.close();
  }
});
