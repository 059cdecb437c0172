// createOnEvent: a post-connection-creation function runs after a new connection, with its helper.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import { writeFunctionsFolder } from './testing/function-fixtures.js';
import { deployFolder } from './testing/deploy-folder.js';
import { waitUntil } from '../testing/wait-until.js';

let env: TerapiWithSim;
before(async () => {
  env = await startTerapiWithSalesforceSim();
});
after(() => env?.close());

test('a post-connection-creation function runs once the connection exists and can call Salesforce through the helper', async () => {
  const folder = writeFunctionsFolder([
    {
      integration: 'salesforce',
      kind: 'on-event',
      name: 'welcome',
      source: `import { createOnEvent } from 'terapi';
export default createOnEvent({
  event: 'post-connection-creation',
  exec: async (nango) => {
    const res = await nango.get({ endpoint: '/services/data/v60.0/query', params: { q: 'SELECT Id FROM User' } });
    await nango.setMetadata({ welcomed: nango.connectionId, users: res.data.totalSize });
  },
});
`,
    },
  ]);
  try {
    const outcome = await deployFolder(env.t, folder.dir);
    assert.deepEqual(outcome.added, [{ integration: 'salesforce', name: 'welcome', kind: 'on-event', version: 1 }]);
  } finally {
    folder.remove();
  }
  const { connectionId } = await connectSalesforce(env.t, env.sim);
  const users = env.sim.summary().orgs.find((o) => !o.sandbox)!.users.length;
  const metadata = await waitUntil('the metadata written by the post-connection-creation function', async () => {
    const res = await env.t.api(`/connections/${connectionId}?provider_config_key=salesforce`);
    return ((await res.json()) as { metadata: unknown }).metadata;
  });
  assert.deepEqual(metadata, { welcomed: connectionId, users });
});

test('a pre-connection-deletion function runs before the connection is deleted, with working credentials', async () => {
  const { connectionId } = await connectSalesforce(env.t, env.sim, { endUserId: 'leaving' });
  const folder = writeFunctionsFolder([
    {
      integration: 'salesforce',
      kind: 'on-event',
      name: 'goodbye',
      source: `import { createOnEvent } from 'terapi';
export default createOnEvent({
  event: 'pre-connection-deletion',
  exec: async (nango) => {
    await nango.post({ endpoint: '/services/data/v60.0/sobjects/Task', data: { Subject: 'goodbye ' + nango.connectionId } });
  },
});
`,
    },
  ]);
  try {
    await deployFolder(env.t, folder.dir);
  } finally {
    folder.remove();
  }
  await env.sim.control.resetRequestLog();
  const res = await env.t.api(`/connections/${connectionId}?provider_config_key=salesforce`, { method: 'DELETE' });
  assert.deepEqual(await res.json(), { success: true });
  const log = await env.sim.control.requestLog();
  const created = log.requests.findIndex((r) => r.endpoint === 'rest.sobject.create' && r.status === 201);
  const revoked = log.requests.findIndex((r) => r.endpoint === 'oauth2.revoke');
  assert.ok(created >= 0, JSON.stringify(log.counts));
  assert.ok(revoked > created, 'the function ran before the token was revoked');
});
