// issue 12 point 4: the org's Salesforce API usage over time — each proxied response's Sforce-Limit-Info
// becomes the connection's latest reading and the hour's sample, answered by GET /connections/:id/api-usage.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../../providers/salesforce/testing/connect-salesforce.js';

let env: TerapiWithSim;
let connectionId: string;
before(async () => {
  env = await startTerapiWithSalesforceSim();
  ({ connectionId } = await connectSalesforce(env.t, env.sim));
});
after(() => env?.close());

interface Usage {
  connection_id: string;
  current: { used: number; max: number; remaining: number } | null;
  history: { hour: string; used: number; max: number }[];
}

test('API usage: none before a call, then the latest reading and the hour sample after proxied calls', async () => {
  const url = `/connections/${connectionId}/api-usage?provider_config_key=salesforce`;
  const empty = (await (await env.t.api(url)).json()) as Usage;
  assert.deepEqual([empty.current, empty.history], [null, []]);

  for (let i = 0; i < 2; i++) {
    const res = await env.t.api('/proxy/services/data/v60.0/limits', { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    await env.t.services.proxy.flush();
  }
  const usage = (await (await env.t.api(url)).json()) as Usage;
  assert.equal(usage.connection_id, connectionId);
  assert.ok(usage.current && usage.current.max > 0 && usage.current.used > 0, JSON.stringify(usage));
  assert.equal(usage.history.length, 1, 'one sample per hour');
  assert.equal(usage.history[0]!.used, usage.current.used, 'the last reading of the hour');
  assert.equal(new Date(usage.history[0]!.hour).getUTCMinutes(), 0);

  const past = (await (await env.t.api(`${url}&to=2020-01-01T00:00:00Z`)).json()) as Usage;
  assert.deepEqual(past.history, []);
  const missing = await env.t.api(`/connections/nope/api-usage?provider_config_key=salesforce`);
  assert.equal(missing.status, 404);
  const bad = await env.t.api(`/connections/${connectionId}/api-usage`);
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'invalid_query_params');
});
