// issue 12 point 5: every operation lands in the operation log — connect, refresh (and its failure), proxy,
// sync run, action run, webhook delivery — and no row ever holds a secret: with known secret values (client
// secret, access and refresh tokens, the secret key, the webhook signing key) none appears in any row.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createIntegration, postAuth, startSalesforceFixture, type SalesforceFixture } from '../providers/salesforce/testing/salesforce-test-fixture.js';
import { connectSalesforce, runSalesforceOAuth } from '../providers/salesforce/testing/connect-salesforce.js';
import { deployFolder } from '../functions/testing/deploy-folder.js';
import { writeFunctionsFolder } from '../functions/testing/function-fixtures.js';
import { WebhookTestReceiver } from '../webhooks/webhook-test-receiver.js';
import { waitUntil } from '../testing/wait-until.js';

const KEY = 'sf-logged';
let f: SalesforceFixture;
let receiver: WebhookTestReceiver;

before(async () => {
  f = await startSalesforceFixture({ webhookBackoffBaseMs: 20 });
  receiver = await WebhookTestReceiver.start();
  const put = await f.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: true, on_auth_refresh_error: true, on_sync_completion_always: true } });
  assert.equal(put.status, 200, await put.text());
});
after(async () => {
  await f?.close();
  await receiver?.close();
});

const SYNC = `import { createSync } from 'terapi';
import { z } from 'zod';
export default createSync({ description: 'limits', frequency: 'every 1h', autoStart: false, syncType: 'full', models: { Limit: z.object({ id: z.string() }) },
  exec: async (nango) => { await nango.get({ endpoint: '/services/data/v60.0/limits' }); await nango.batchSave([{ id: 'a' }, { id: 'b' }], 'Limit'); } });
`;
const ACTION = `import { createAction } from 'terapi';
import * as z from 'zod';
export default createAction({ description: 'limits', input: z.any(), output: z.any(), exec: async (nango) => { const r = await nango.get({ endpoint: '/services/data/v60.0/limits' }); return { status: r.status }; } });
`;

interface Row {
  kind: string;
  status: string;
  connection_id: number | null;
  provider_config_key: string | null;
  message: string;
  detail: Record<string, unknown>;
  whole: string;
}

test('connect, refresh, proxy, sync, action and webhook deliveries are logged, and no row holds a secret', { timeout: 180_000 }, async () => {
  const { t, sim } = f;
  const app = sim.summary().orgs.find((o) => !o.sandbox)!.apps[0]!;
  const { connectionId } = await connectSalesforce(t, sim, { integrationKey: KEY, app });
  // An OAuth callback whose code exchange Salesforce refuses (a wrong consumer secret).
  const badSecret = 'bad-consumer-secret-987654321';
  const badJourney = await runSalesforceOAuth(t, sim, { integrationKey: 'sf-bad', app: { clientId: app.clientId, clientSecret: badSecret } });
  assert.equal(badJourney.callbackStatus, 400);
  const folder = writeFunctionsFolder([
    { integration: KEY, kind: 'sync', name: 'limits-sync', source: SYNC },
    { integration: KEY, kind: 'action', name: 'limits-action', source: ACTION },
  ]);
  try {
    await deployFolder(t, folder.dir);
  } finally {
    folder.remove();
  }
  // client credentials: a refused secret, then the right one
  const org = sim.sim.getOrg(f.prodOrgId)!;
  const ccApp = sim.sim.createApp(f.prodOrgId, { name: 'cc', clientCredentialsEnabled: true, clientCredentialsUser: org.users[0]!.username });
  await createIntegration(t, 'salesforce-cc');
  const wrongSecret = 'wrong-secret-0123456789';
  const refusedCc = await postAuth(t, '/oauth2/auth', 'salesforce-cc', { client_id: ccApp.clientId, client_secret: wrongSecret }, { hostname: 'acme.my.salesforce.com' });
  assert.notEqual(refusedCc.status, 200);
  const refusedCode = ((await refusedCc.json()) as { error: { code: string } }).error.code;
  const cc = await postAuth(t, '/oauth2/auth', 'salesforce-cc', { client_id: ccApp.clientId, client_secret: ccApp.clientSecret }, { hostname: 'acme.my.salesforce.com' });
  assert.equal(cc.status, 200, await cc.clone().text());
  const ccConnectionId = ((await cc.json()) as { connectionId: string }).connectionId;
  const ccToken = ((await (await t.api(`/connections/${ccConnectionId}?provider_config_key=salesforce-cc`)).json()) as { credentials: { token?: string; access_token?: string } }).credentials;

  const before = (await (await t.api(`/connections/${connectionId}?provider_config_key=${KEY}&refresh_token=true`)).json()) as { credentials: { access_token: string; refresh_token: string } };

  // refresh (forced), proxy, action, sync
  const refreshed = (await (await t.api(`/connections/${connectionId}?provider_config_key=${KEY}&force_refresh=true&refresh_token=true`)).json()) as { credentials: { access_token: string; refresh_token: string } };
  assert.notEqual(refreshed.credentials.access_token, before.credentials.access_token);
  const proxied = await t.api('/proxy/services/data/v60.0/limits', { headers: { 'connection-id': connectionId, 'provider-config-key': KEY } });
  assert.equal(proxied.status, 200);
  await proxied.arrayBuffer();
  const action = await t.api('/action/trigger', { method: 'POST', json: { action_name: 'limits-action' }, headers: { 'connection-id': connectionId, 'provider-config-key': KEY } });
  assert.equal(action.status, 200, await action.clone().text());
  const triggered = await t.api('/sync/trigger', { method: 'POST', json: { syncs: ['limits-sync'], provider_config_key: KEY, connection_id: connectionId } });
  assert.equal(triggered.status, 200, await triggered.text());

  const read = async (): Promise<Row[]> => {
    await t.services.operations.flush();
    const { rows } = await t.services.db.query<Row>('select kind, status, connection_id, provider_config_key, message, detail, row_to_json(o)::text as whole from operations o order by id');
    return rows;
  };
  await waitUntil('the sync run and both webhook deliveries in the log', async () => {
    const r = await read();
    return r.some((x) => x.kind === 'sync') && r.filter((x) => x.kind === 'webhook_delivery').length >= 2;
  });
  // A refresh the provider refuses: the refresh token revoked at Salesforce (once the sync ran).
  assert.ok((await sim.control.revokeTokens({ token: refreshed.credentials.refresh_token })) > 0);
  const refused = await t.api(`/connections/${connectionId}?provider_config_key=${KEY}&force_refresh=true`);
  assert.equal(refused.status, 400);
  const rows = await read();
  const of = (kind: string) => rows.filter((r) => r.kind === kind);

  const connect = of('connect');
  assert.deepEqual(connect.map((r) => [r.provider_config_key, r.status, r.detail.auth_mode]), [
    [KEY, 'success', 'OAUTH2'],
    ['sf-bad', 'failed', 'OAUTH2'],
    ['salesforce-cc', 'failed', 'OAUTH2_CC'],
    ['salesforce-cc', 'success', 'OAUTH2_CC'],
  ]);
  assert.equal(typeof connect[1]!.detail.error_code, 'string', 'the callback failure names its registry code');
  connect.splice(1, 1);
  assert.equal(connect[0]!.detail.connection_id, connectionId);
  assert.equal(connect[0]!.detail.operation, 'creation');
  assert.equal(connect[1]!.detail.error_code, refusedCode, 'a failed connect names the registry code it answered');
  assert.equal(typeof connect[1]!.detail.error_message, 'string');
  assert.equal(connect[1]!.connection_id, null);
  assert.equal(connect[2]!.detail.connection_id, ccConnectionId);

  const refreshes = of('refresh');
  assert.deepEqual(refreshes.map((r) => r.status), ['success', 'failed']);
  assert.equal(refreshes[1]!.detail.error_code, ((await refused.json()) as { error: { payload: { code: string } } }).error.payload.code);
  assert.equal(typeof refreshes[1]!.detail.error_message, 'string');
  assert.equal(refreshes[1]!.detail.needs_reauth, true);

  assert.ok(of('proxy').length >= 3, 'the /proxy call and the functions\' calls');
  const [actionRow] = of('action');
  assert.equal(actionRow?.status, 'success');
  assert.equal(actionRow?.detail.action_name, 'limits-action');
  const [syncRow] = of('sync');
  assert.equal(syncRow?.status, 'success');
  assert.equal(syncRow?.detail.sync_name, 'limits-sync');
  assert.deepEqual((syncRow?.detail.counts as Record<string, { added: number }>).Limit?.added, 2);
  const deliveries = of('webhook_delivery');
  assert.ok(deliveries.every((d) => d.status === 'success' && d.detail.status === 200), JSON.stringify(deliveries));
  for (const r of rows.filter((x) => x.provider_config_key === KEY)) assert.ok(r.connection_id !== null, `${r.kind} names its connection`);
  for (const r of rows.filter((x) => x.kind !== 'connect')) assert.ok([KEY, 'salesforce-cc'].includes(r.provider_config_key ?? ''), `${r.kind} names its integration`);

  const env = (await t.services.environments.findByName('dev'))!;
  const secrets = [
    app.clientSecret,
    ccApp.clientSecret,
    wrongSecret,
    badSecret,
    ccToken.token ?? ccToken.access_token ?? '',
    before.credentials.access_token,
    before.credentials.refresh_token,
    refreshed.credentials.access_token,
    refreshed.credentials.refresh_token,
    t.devSecretKey,
    await t.services.environments.webhookSigningKey(env.id),
  ];
  for (const secret of secrets) assert.ok(secret && secret.length >= 8, 'a real secret value');
  for (const r of rows) {
    for (const secret of secrets) assert.ok(!r.whole.includes(secret), `a ${r.kind} row holds a secret: ${r.whole}`);
  }
});
