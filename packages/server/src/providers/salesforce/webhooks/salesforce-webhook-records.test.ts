// Issue 13 point 5: the pre-built Salesforce syncs subscribe to incoming webhooks (webhookSubscriptions +
// onWebhook): an Outbound Message from the simulator, or a signed Apex-style callout, updates the records
// cache at once — no scheduled run — and the app gets a sync webhook with syncType 'WEBHOOK'.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../testing/connect-salesforce.js';
import { deployCommand } from '../../../cli/deploy-command.js';
import { PREBUILT_FUNCTIONS_DIR } from '../../../functions/testing/deploy-folder.js';
import { waitUntil } from '../../../testing/wait-until.js';
import { WebhookTestReceiver } from '../../../webhooks/webhook-test-receiver.js';

let env: TerapiWithSim;
let receiver: WebhookTestReceiver;
let orgId: string;
let connectionId: string;
let setup: { url: string; secret: string; outbound_message_url: string };

type Rec = { id: string; name?: string; industry?: string | null; _nango_metadata: { last_action: string } };
const records = async (model: string): Promise<Rec[]> => {
  const res = await env.t.api(`/records?model=${model}&limit=10000`, { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { records: Rec[] }).records;
};
const syncWebhooks = () => receiver.received.filter((r) => r.json.type === 'sync' && r.json.syncType === 'WEBHOOK');

before(async () => {
  env = await startTerapiWithSalesforceSim();
  receiver = await WebhookTestReceiver.start();
  assert.equal((await env.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: false } })).status, 200);
  orgId = env.sim.summary().orgs.find((o) => !o.sandbox)!.id;
  const io = { env: { TERAPI_HOST: env.t.url, TERAPI_SECRET_KEY: env.t.devSecretKey }, out: () => {}, err: (l: string) => console.error(l) };
  assert.equal(await deployCommand(PREBUILT_FUNCTIONS_DIR, io), 0);
  ({ connectionId } = await connectSalesforce(env.t, env.sim));
  await waitUntil('the auto-started accounts sync to finish', async () => {
    const res = await env.t.api(`/sync/status?syncs=accounts&provider_config_key=salesforce&connection_id=${connectionId}`);
    return ((await res.json()) as { syncs: { status: string }[] }).syncs[0]?.status === 'SUCCESS';
  });
  // The deploy and the new connection may each have queued a first run: wait until none is due, so the
  // changes below reach the cache through webhooks alone.
  await waitUntil('no sync run due', async () => {
    const { rows } = await env.t.services.db.query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'terapi_sync' and run_at < now() + interval '10 minutes'`);
    return rows[0]!.n === 0;
  });
  setup = ((await (await env.t.api('/integrations/salesforce/webhook')).json()) as { data: typeof setup }).data;
});
after(async () => {
  await env?.close();
  await receiver?.close();
});

test('an Outbound Message for an update and one for a delete reach the records cache at once, and the app hears syncType WEBHOOK', async () => {
  const account = await env.sim.control.createRecord(orgId, 'Account', { Name: 'Webhook Co', Industry: 'Retail' });
  const id = String(account.Id);
  // The Outbound Message carries only Name; the sync reads the whole record back (Industry too).
  const created = await env.sim.control.sendOutboundMessage({ orgId, url: setup.outbound_message_url, sObjectType: 'Account', recordIds: [id], fields: ['Name'] });
  assert.equal((await env.sim.control.outboundDelivery(created.id, { wait: true })).state, 'delivered');
  const added = await waitUntil('the new Account in GET /records', async () => (await records('SalesforceAccount')).find((r) => r.id === id));
  assert.equal(added.industry, 'Retail');
  assert.equal(added._nango_metadata.last_action, 'ADDED');
  // Each change's sync webhook is its own outbox job: the next change waits for it, so they reach the app in order.
  await receiver.waitFor(() => syncWebhooks().length >= 1);

  await env.sim.control.updateRecord(orgId, 'Account', id, { Industry: 'Energy' });
  const update = await env.sim.control.sendOutboundMessage({ orgId, url: setup.outbound_message_url, sObjectType: 'Account', recordIds: [id], fields: ['Name'] });
  assert.equal((await env.sim.control.outboundDelivery(update.id, { wait: true })).state, 'delivered');
  await waitUntil('the Account UPDATED', async () => (await records('SalesforceAccount')).find((r) => r.id === id && r.industry === 'Energy' && r._nango_metadata.last_action === 'UPDATED'));
  await receiver.waitFor(() => syncWebhooks().length >= 2);

  await env.sim.control.deleteRecord(orgId, 'Account', id);
  const del = await env.sim.control.sendOutboundMessage({ orgId, url: setup.outbound_message_url, sObjectType: 'Account', recordIds: [id] });
  assert.equal((await env.sim.control.outboundDelivery(del.id, { wait: true })).state, 'delivered');
  await waitUntil('the Account DELETED', async () => (await records('SalesforceAccount')).find((r) => r.id === id && r._nango_metadata.last_action === 'DELETED'));

  await receiver.waitFor(() => syncWebhooks().length >= 3);
  const hooks = syncWebhooks().map((w) => w.json as { syncName: string; model: string; connectionId: string; responseResults: Record<string, number> });
  assert.deepEqual(hooks.map((h) => [h.syncName, h.model, h.connectionId]), Array(3).fill(['accounts', 'SalesforceAccount', connectionId]));
  assert.deepEqual(hooks.map((h) => h.responseResults), [{ added: 1, updated: 0, deleted: 0 }, { added: 0, updated: 1, deleted: 0 }, { added: 0, updated: 0, deleted: 1 }]);
});

test('a signed Apex-style callout about Contacts updates the contacts cache (and not the accounts sync)', async () => {
  const before = syncWebhooks().length;
  const contact = await env.sim.control.createRecord(orgId, 'Contact', { FirstName: 'Ada', LastName: 'Callout' });
  const body = JSON.stringify({ id: 'evt-contact-1', organizationId: orgId, sObjectType: 'Contact', changeType: 'CREATE', records: [{ Id: contact.Id, LastName: 'Callout' }] });
  const res = await fetch(setup.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-terapi-hmac-sha256': createHmac('sha256', setup.secret).update(body).digest('hex') }, body });
  assert.equal(res.status, 200);
  await waitUntil('the Contact in GET /records', async () => (await records('SalesforceContact')).find((r) => r.id === contact.Id));
  await receiver.waitFor(() => syncWebhooks().length >= before + 1);
  assert.deepEqual(syncWebhooks().slice(before).map((w) => w.json.syncName), ['contacts']);
});

test('a failed onWebhook sends the app a failed sync webhook (syncType WEBHOOK, the error) and is a failed sync row of the operation log', async () => {
  const before = syncWebhooks().length;
  const account = await env.sim.control.createRecord(orgId, 'Account', { Name: 'Failing Co' });
  // The accounts sync's onWebhook reads the record back with queryAll: Salesforce refuses it once.
  await env.sim.control.addFault({ match: { pathRegex: '/queryAll' }, effect: { status: 400, body: [{ errorCode: 'MALFORMED_QUERY', message: 'simulated refusal' }] }, times: 1 });
  const body = JSON.stringify({ id: 'evt-account-fail-1', organizationId: orgId, sObjectType: 'Account', changeType: 'CREATE', records: [{ Id: account.Id }] });
  const res = await fetch(setup.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-terapi-hmac-sha256': createHmac('sha256', setup.secret).update(body).digest('hex') }, body });
  assert.equal(res.status, 200);
  await receiver.waitFor(() => syncWebhooks().length >= before + 1);
  const hook = syncWebhooks()[before]!.json as { syncName: string; model: string; connectionId: string; success: boolean; error: { type: string; description: string }; startedAt: string; failedAt: string };
  assert.deepEqual([hook.syncName, hook.model, hook.connectionId, hook.success], ['accounts', 'SalesforceAccount', connectionId, false]);
  assert.equal(typeof hook.error.type, 'string');
  assert.match(hook.error.description, /400|MALFORMED_QUERY|simulated/, JSON.stringify(hook.error));
  assert.ok(Date.parse(hook.failedAt) >= Date.parse(hook.startedAt));
  assert.equal((await records('SalesforceAccount')).some((r) => r.id === account.Id), false, 'nothing was applied');

  await env.t.services.operations.flush();
  type Op = { id: string; status: string; message: string; detail: Record<string, unknown> };
  const page = (await (await env.t.api('/logs/operations?kind=sync&limit=100')).json()) as { operations: Op[] };
  const details = await Promise.all(page.operations.map(async (o) => (await (await env.t.api(`/logs/operations/${o.id}`)).json()) as Op));
  const failed = details.find((o) => o.detail.mode === 'webhook' && o.status === 'failed');
  assert.ok(failed, JSON.stringify(details.map((d) => d.message)));
  assert.equal(failed.detail.sync_name, 'accounts');
  assert.equal(failed.detail.error_code, hook.error.type);
  assert.ok(details.some((o) => o.detail.mode === 'webhook' && o.status === 'success'), 'the applied onWebhook runs are logged too');
});
