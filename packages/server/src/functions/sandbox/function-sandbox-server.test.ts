// Issue 9 §1–2 through a running terapi: a hand-made hostile bundle uploaded straight to POST /functions/deploy
// is read in the sandbox (its load-time code finds no Node), a function's proxy response is capped
// (TERAPI_FUNCTION_PROXY_MAX_BYTES), and /health keeps answering while memory bombs and busy loops run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../../providers/salesforce/testing/connect-salesforce.js';
import { deployFolder } from '../testing/deploy-folder.js';
import { writeFunctionsFolder } from '../testing/function-fixtures.js';

const KEY = 'sandboxed';
const fixture = (name: string, body: string) => ({
  integration: KEY,
  kind: 'action' as const,
  name,
  source: `import { createAction } from 'terapi';\nimport * as z from 'zod';\nexport default createAction({ description: '${name}', input: z.any(), output: z.any(), exec: async (nango, input) => { ${body} } });\n`,
});

describe('the function sandbox in a running terapi', () => {
  let env: TerapiWithSim;
  let connectionId: string;
  const trigger = (name: string, input: unknown = {}) =>
    env.t.api('/action/trigger', { method: 'POST', json: { action_name: name, input }, headers: { 'connection-id': connectionId, 'provider-config-key': KEY } });

  before(async () => {
    env = await startTerapiWithSalesforceSim({ terapi: { env: { TERAPI_FUNCTION_PROXY_MAX_BYTES: '4096' } } });
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    await env.sim.control.seed(org.id, 300);
    ({ connectionId } = await connectSalesforce(env.t, env.sim, { provider: 'salesforce', integrationKey: KEY }));
    const folder = writeFunctionsFolder([
      fixture('query', `const res = await nango.get({ endpoint: '/services/data/v60.0/query', params: { q: input.q } }); return res.data.totalSize;`),
      fixture('bomb', `const keep = []; for (;;) keep.push(Buffer.alloc(4 * 1024 * 1024));`),
      fixture('spin', `const end = Date.now() + 3000; while (Date.now() < end) {} return 'spun';`),
    ]);
    try {
      await deployFolder(env.t, folder.dir);
    } finally {
      folder.remove();
    }
  });
  after(() => env?.close());

  test('a proxy response over TERAPI_FUNCTION_PROXY_MAX_BYTES fails the call inside the function, with the limit named', async () => {
    const small = await trigger('query', { q: 'SELECT Id FROM Account LIMIT 1' });
    assert.equal(small.status, 200, await small.clone().text());
    assert.equal(await small.json(), 1);
    const big = await trigger('query', { q: 'SELECT Id, Name, BillingCity, Industry FROM Account' });
    const body = (await big.json()) as { error: { code: string; message: string } };
    assert.equal(big.status, 500);
    assert.equal(body.error.code, 'action_script_failure');
    assert.match(JSON.stringify(body), /larger than 4096 bytes \(TERAPI_FUNCTION_PROXY_MAX_BYTES\)/);
  });

  test('a hostile bundle uploaded without the CLI is read in the sandbox: its load-time code finds no Node and nothing is deployed', async () => {
    const bundle = `const fs = process.mainModule.require('fs'); fs.writeFileSync('/tmp/terapi-pwned', JSON.stringify(process.env)); module.exports = {};`;
    const res = await env.t.api('/functions/deploy', { method: 'POST', json: { integrations: [KEY], functions: [{ integration: KEY, name: 'pwn', kind: 'action', bundle }] } });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'invalid_function');
    assert.match(JSON.stringify(body), /ReferenceError: process is not defined/);
  });

  test('/health answers throughout while memory bombs and busy loops run', async () => {
    const attacks = [trigger('bomb'), trigger('bomb'), trigger('spin'), trigger('spin')].map((p) => p.then((r) => r.status));
    let settled = false;
    const all = Promise.all(attacks).finally(() => (settled = true));
    const health: number[] = [];
    while (!settled) {
      health.push((await fetch(`${env.t.url}/health`)).status);
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.deepEqual(await all, [500, 500, 200, 200]);
    assert.ok(health.length > 0);
    assert.deepEqual([...new Set(health)], [200]);
  });
});
