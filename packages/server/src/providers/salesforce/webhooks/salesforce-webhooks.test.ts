// Issue 13 end to end: the simulator (or a test, for envelopes it would never send) posts Outbound Messages
// and signed JSON callouts to POST /webhook/:environmentUuid/:providerConfigKey; terapi stores them, answers
// the acknowledgment, and forwards each new event once to the app (a loopback receiver), signed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { outboundEnvelope } from '@terapi/salesforce-sim';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../testing/connect-salesforce.js';
import { WebhookTestReceiver } from '../../../webhooks/webhook-test-receiver.js';

let env: TerapiWithSim;
let receiver: WebhookTestReceiver;
const logLines: string[] = [];
let prodOrg: string;
let sandboxOrg: string;
let prodConnection: string;
let sandboxConnection: string;
interface Setup {
  url: string;
  secret: string;
  outbound_message_url: string;
  signature_header: string;
}
let setup: Setup;
let sandboxSetup: Setup;

before(async () => {
  const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _enc, cb) => (logLines.push(String(chunk)), cb()) }));
  env = await startTerapiWithSalesforceSim({ terapi: { logger } });
  receiver = await WebhookTestReceiver.start();
  const put = await env.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: false } });
  assert.equal(put.status, 200);
  const orgs = env.sim.summary().orgs;
  prodOrg = orgs.find((o) => !o.sandbox)!.id;
  sandboxOrg = orgs.find((o) => o.sandbox)!.id;
  prodConnection = (await connectSalesforce(env.t, env.sim, { provider: 'salesforce' })).connectionId;
  sandboxConnection = (await connectSalesforce(env.t, env.sim, { provider: 'salesforce-sandbox', endUserId: 'user-2' })).connectionId;
  setup = (await (await env.t.api('/integrations/salesforce/webhook')).json() as { data: Setup }).data;
  sandboxSetup = (await (await env.t.api('/integrations/salesforce-sandbox/webhook')).json() as { data: Setup }).data;
});
after(async () => {
  await env?.close();
  await receiver?.close();
});

const forwards = () => receiver.received.filter((r) => r.json.type === 'forward');
const post = (url: string, body: string | Buffer, headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
const xml = { 'content-type': 'text/xml; charset=utf-8' };
/** As the Apex class of docs/salesforce-webhooks.md signs: EncodingUtil.convertToHex(Crypto.generateMac('hmacSHA256', Blob.valueOf(body), Blob.valueOf(secret))). */
const apexSignature = (body: string, secret: string) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex');
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

function envelope(orgId: string, notifications: { id: string; recordId: string; fields?: Record<string, unknown> }[], sessionId?: string): string {
  return outboundEnvelope({
    orgId,
    instanceUrl: 'https://acme.my.salesforce.com',
    actionId: '04k5e000000CaRkAAK',
    ...(sessionId ? { sessionId } : {}),
    notifications: notifications.map((n) => ({ id: n.id, sObjectType: 'Account', recordId: n.recordId, fields: n.fields })),
  });
}

test('GET /integrations/:key/webhook gives the URL, the secret and the Outbound Message URL; rotation replaces the secret', async () => {
  const envUuid = (await env.t.services.environments.findByName('dev'))!.uuid;
  assert.equal(setup.url, `${env.t.url}/webhook/${envUuid}/salesforce`);
  assert.match(setup.secret, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(setup.outbound_message_url.startsWith(`${setup.url}?secret=`));
  assert.ok(!setup.outbound_message_url.includes(setup.secret), 'the URL token is not the signing secret');
  assert.equal(setup.signature_header, 'x-terapi-hmac-sha256');
  const integration = (await (await env.t.api('/integrations/salesforce?include=webhook')).json()) as { data: { webhook_url: string } };
  assert.equal(integration.data.webhook_url, setup.url, 'include=webhook gives the same URL (nango-api.md §5)');
  assert.notEqual(sandboxSetup.secret, setup.secret, 'one secret per integration');
  const again = (await (await env.t.api('/integrations/salesforce/webhook')).json() as { data: Setup }).data;
  assert.equal(again.secret, setup.secret, 'stable until rotated');
  assert.equal((await fetch(`${env.t.url}/integrations/salesforce/webhook`)).status, 401);
  assert.equal((await env.t.api('/integrations/nope/webhook')).status, 404);

  await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'rotating', credentials: { type: 'OAUTH2', client_id: 'c', client_secret: 's' } } });
  const before = (await (await env.t.api('/integrations/rotating/webhook')).json() as { data: Setup }).data;
  const rotating = envelope(prodOrg, [{ id: '04l5e00000Rot01AAA', recordId: '0015e00000ZkM3hAAF' }]);
  // Authenticated (then refused: no connection), so the intake has decrypted and kept the old secret.
  assert.equal((await post(before.outbound_message_url, rotating, xml)).status, 404);
  const rotated = (await (await env.t.api('/integrations/rotating/webhook/rotate-secret', { method: 'POST' })).json() as { data: Setup }).data;
  assert.notEqual(rotated.secret, before.secret);
  assert.notEqual(rotated.outbound_message_url, before.outbound_message_url);
  const res = await post(before.outbound_message_url, rotating, xml);
  assert.equal(res.status, 401, 'the old URL stops working at once, though its secret was kept');
  assert.equal((await post(rotated.outbound_message_url, rotating, xml)).status, 404, 'the new URL authenticates');
});

test('the simulator sends an Outbound Message for an update and one for a delete, with a SessionId: each reaches the app once, and the SessionId is stored and logged nowhere', async () => {
  const account = await env.sim.control.createRecord(prodOrg, 'Account', { Name: 'Acme Corporation', Industry: 'Manufacturing' });
  const id = String(account.Id);
  await env.sim.control.updateRecord(prodOrg, 'Account', id, { Industry: 'Energy' });
  const update = await env.sim.control.sendOutboundMessage({ orgId: prodOrg, url: setup.outbound_message_url, sObjectType: 'Account', recordIds: [id], fields: ['Name', 'Industry'], sendSessionId: true });
  const updated = await env.sim.control.outboundDelivery(update.id, { wait: true });
  assert.equal(updated.state, 'delivered', JSON.stringify(updated.history));
  assert.equal(updated.attempts, 1);

  await env.sim.control.deleteRecord(prodOrg, 'Account', id);
  const del = await env.sim.control.sendOutboundMessage({ orgId: prodOrg, url: setup.outbound_message_url, sObjectType: 'Account', recordIds: [id], sendSessionId: true });
  assert.equal((await env.sim.control.outboundDelivery(del.id, { wait: true })).state, 'delivered');

  await receiver.waitFor(() => forwards().filter((f) => f.json.providerConfigKey === 'salesforce').length >= 2);
  const mine = forwards().filter((f) => f.json.providerConfigKey === 'salesforce' && JSON.stringify(f.json).includes(id));
  assert.equal(mine.length, 2);
  // Two forwards of the job queue, which may reach the app in either order: the update's carries the fields.
  const jsons = mine.map((f) => f.json as { from: string; type: string; connectionId: string; payload: { type: string; organizationId: string; notifications: { id: string; sObjectType: string; fields: Record<string, unknown> }[] } });
  const u = jsons.find((j) => 'Industry' in (j.payload.notifications[0]?.fields ?? {}));
  const d = jsons.find((j) => j !== u);
  assert.ok(u && d, JSON.stringify(jsons));
  assert.equal(u!.from, 'salesforce');
  assert.equal(u!.connectionId, prodConnection);
  assert.equal(u!.payload.organizationId, prodOrg);
  assert.deepEqual(u!.payload.notifications, [{ id: updated.notificationIds[0], sObjectType: 'Account', fields: { Id: id, Name: 'Acme Corporation', Industry: 'Energy' } }]);
  assert.deepEqual(d!.payload.notifications[0]!.fields, { Id: id }, 'a deleted record is notified with its Id only (spec/salesforce.md §5.3)');
  // Signed as every webhook to the app (nango-api.md §11).
  const key = await env.t.services.environments.webhookSigningKey((await env.t.services.environments.findByName('dev'))!.id);
  assert.equal(mine[0]!.headers['x-nango-hmac-sha256'], createHmac('sha256', key).update(mine[0]!.body).digest('hex'));

  // A SessionId is a live session of the org's user: post one and look for it in every table and log line.
  const sessionId = '00D5e000000KQ2e!AQ0AQFhtB4x.SESSION.zZ9yX8wV7uT6sR5qP4oN3mL2kJ1';
  const res = await post(setup.outbound_message_url, envelope(prodOrg, [{ id: '04l5e00000Ses01AAA', recordId: id, fields: { Name: 'Acme Corporation' } }], sessionId), xml);
  assert.equal(res.status, 200);
  await receiver.waitFor(() => forwards().some((f) => f.body.includes('04l5e00000Ses01AAA')));
  const dump = await dumpTables();
  assert.ok(dump.includes('04l5e00000Ses01AAA'), 'the dump holds the stored notification');
  assert.ok(!dump.includes('SESSION'), 'a SessionId is stored');
  assert.ok(!logLines.join('').includes('SESSION'), 'a SessionId is logged');
  assert.ok(!receiver.received.some((r) => r.body.includes('SESSION')), 'a SessionId is forwarded');
});

async function dumpTables(): Promise<string> {
  const { rows } = await env.t.services.db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema in ('public', 'graphile_worker') and table_type = 'BASE TABLE'`);
  let out = '';
  for (const r of rows) {
    const schema = (await env.t.services.db.query<{ table_schema: string }>('select table_schema from information_schema.tables where table_name = $1', [r.table_name])).rows[0]!.table_schema;
    const data = await env.t.services.db.query(`select * from ${schema}."${r.table_name}"`);
    out += JSON.stringify(data.rows);
  }
  return out;
}

test('a resent or duplicated Outbound Message is acknowledged and forwarded once; a 15-character OrganizationId routes like the 18-character one', async () => {
  const before = forwards().length;
  const body = envelope(prodOrg.slice(0, 15), [
    { id: '04l5e00000Dup01AAA', recordId: '0015e00000ZkM3hAAF', fields: { Name: 'Dup' } },
    { id: '04l5e00000Dup02AAA', recordId: '0015e00000ZkM3iAAF', fields: { Name: null } },
  ]);
  const answers = await Promise.all([1, 2, 3].map(() => post(setup.outbound_message_url, body, xml)));
  for (const res of answers) {
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/xml/);
    assert.match(await res.text(), /<notificationsResponse xmlns="http:\/\/soap.sforce.com\/2005\/09\/outbound"><Ack>true<\/Ack><\/notificationsResponse>/);
  }
  const { rows } = await env.t.services.db.query<{ n: number }>(`select count(*)::int as n from incoming_webhook_events where event_key like 'om:04l5e00000Dup%'`);
  assert.equal(rows[0]!.n, 2, 'stored before the Ack');
  await receiver.waitFor(() => forwards().length >= before + 1);
  // One notification new, one resent: the second message forwards only the new one.
  const partly = envelope(prodOrg, [{ id: '04l5e00000Dup02AAA', recordId: '0015e00000ZkM3iAAF' }, { id: '04l5e00000Dup03AAA', recordId: '0015e00000ZkM3jAAF' }]);
  assert.equal((await post(setup.outbound_message_url, partly, xml)).status, 200);
  await receiver.waitFor(() => forwards().length >= before + 2);
  const news = forwards().slice(before).map((f) => (f.json.payload as { notifications: { id: string; fields: Record<string, unknown> }[] }).notifications);
  assert.equal(news.length, 2, 'three copies of one message are one forward');
  assert.deepEqual(news[0]!.map((n) => n.id), ['04l5e00000Dup01AAA', '04l5e00000Dup02AAA']);
  assert.equal(news[0]![1]!.fields.Name, null, 'xsi:nil is null');
  assert.deepEqual(news[1]!.map((n) => n.id), ['04l5e00000Dup03AAA']);
});

test('a sandbox connection gets the Outbound Messages of its org through the sandbox integration', async () => {
  const account = await env.sim.control.createRecord(sandboxOrg, 'Account', { Name: 'Sandbox Co' });
  const sent = await env.sim.control.sendOutboundMessage({ orgId: sandboxOrg, url: sandboxSetup.outbound_message_url, sObjectType: 'Account', recordIds: [String(account.Id)], fields: ['Name'] });
  assert.equal((await env.sim.control.outboundDelivery(sent.id, { wait: true })).state, 'delivered');
  await receiver.waitFor(() => forwards().some((f) => f.json.providerConfigKey === 'salesforce-sandbox'));
  const f = forwards().find((x) => x.json.providerConfigKey === 'salesforce-sandbox')!;
  assert.equal(f.json.connectionId, sandboxConnection);
  assert.equal(f.json.from, 'salesforce-sandbox');
  // The production integration's URL does not take the sandbox org's messages: no connection there has it.
  const res = await post(setup.outbound_message_url, envelope(sandboxOrg, [{ id: '04l5e00000Sbx01AAA', recordId: '0015e00000ZkM3hAAF' }]), xml);
  assert.equal(res.status, 404);
  assert.equal(await errorCode(res), 'webhook_unmatched');
});

test('an Outbound Message for an org with no connection is refused, logged, and says nothing of what terapi holds', async () => {
  const unknownOrg = '00D000000000XyZAAA';
  const res = await post(setup.outbound_message_url, envelope(unknownOrg, [{ id: '04l5e00000Unk01AAA', recordId: '0015e00000ZkM3hAAF' }]), xml);
  assert.equal(res.status, 404);
  const text = await res.text();
  assert.equal(JSON.parse(text).error.code, 'webhook_unmatched');
  assert.ok(!text.includes(prodOrg.slice(0, 15)) && !text.includes(prodConnection));
  assert.ok(logLines.some((l) => l.includes('matches no connection') && l.includes(unknownOrg.slice(0, 15))));
  const { rows } = await env.t.services.db.query<{ n: number }>(`select count(*)::int as n from incoming_webhook_events where event_key = 'om:04l5e00000Unk01AAA'`);
  assert.equal(rows[0]!.n, 0);
});

test('each webhook, accepted or refused, is in the logs API as webhook_incoming with its routing and answer', async () => {
  const ok = await post(setup.outbound_message_url, envelope(prodOrg, [{ id: '04l5e00000Log01AAA', recordId: '0015e00000ZkM3hAAF', fields: { Name: 'Logged' } }]), xml);
  assert.equal(ok.status, 200);
  const refused = await post(setup.outbound_message_url, envelope('00D000000000LoGAAA', [{ id: '04l5e00000Log02AAA', recordId: '0015e00000ZkM3hAAF' }]), xml);
  assert.equal(refused.status, 404);
  await env.t.services.operations.flush();
  type Op = { id: string; kind: string; status: string; detail: Record<string, unknown> };
  const page = (await (await env.t.api('/logs/operations?kind=webhook_incoming&integration=salesforce&limit=100')).json()) as { operations: Op[] };
  const details = await Promise.all(page.operations.map(async (o) => (await (await env.t.api(`/logs/operations/${o.id}`)).json()) as Op));
  const accepted = details.find((o) => o.status === 'success' && (o.detail.routed_to as string[]).includes(prodConnection));
  assert.ok(accepted, JSON.stringify(details.slice(0, 3)));
  assert.equal(accepted.kind, 'webhook_incoming');
  assert.equal(accepted.detail.answered_status, 200);
  const failed = details.find((o) => o.status === 'failed' && o.detail.error_code === 'webhook_unmatched');
  assert.ok(failed, 'the refused message is logged with its registry code');
  assert.equal(failed.detail.answered_status, 404);
});

test('docs/salesforce-webhooks.md signs as this test does: the Apex expression, the header and the trigger', () => {
  const doc = readFileSync(new URL('../../../../../../docs/salesforce-webhooks.md', import.meta.url), 'utf8');
  assert.ok(doc.includes("return EncodingUtil.convertToHex(Crypto.generateMac('hmacSHA256', Blob.valueOf(body), Blob.valueOf(secret)));"));
  assert.ok(doc.includes("req.setHeader('X-Terapi-Hmac-Sha256', sign(body, config.Secret__c));"));
  assert.ok(doc.includes("req.setBody(body);"), 'the signed string is the body sent');
  assert.ok(doc.includes("'organizationId' => UserInfo.getOrganizationId()"));
  assert.ok(doc.includes('trigger AccountTerapiWebhook on Account (after insert, after update, after delete, after undelete)'));
});

test('a signed Apex-style JSON callout is forwarded once (replays included); Nango\'s {nango: {connectionId}} shape routes too; a bad signature is refused', async () => {
  const before = forwards().length;
  const body = JSON.stringify({ id: 'evt-1', organizationId: prodOrg, sObjectType: 'Account', changeType: 'UPDATE', records: [{ Id: '0015e00000ZkM3hAAF', Name: 'Acme' }] });
  const signed = { 'content-type': 'application/json', 'x-terapi-hmac-sha256': apexSignature(body, setup.secret) };
  for (let i = 0; i < 2; i++) {
    const res = await post(setup.url, body, signed);
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), { success: true });
  }
  const nango = JSON.stringify({ nango: { connectionId: prodConnection, eventType: 'Account.updated' }, data: { Id: '0015e00000ZkM3hAAF' } });
  assert.equal((await post(setup.url, nango, { 'content-type': 'application/json', 'x-terapi-hmac-sha256': apexSignature(nango, setup.secret) })).status, 200);
  await receiver.waitFor(() => forwards().length >= before + 2);
  // Two deliveries of the job queue, which may reach the app in either order.
  const got = forwards().slice(before);
  assert.equal(got.length, 2);
  const apex = got.filter((f) => isDeepStrictEqual(f.json.payload, JSON.parse(body)));
  assert.equal(apex.length, 1, 'the Apex callout and its replay are one forward');
  const nangoShaped = got.filter((f) => (f.json.payload as { nango?: unknown }).nango !== undefined);
  assert.equal(nangoShaped.length, 1);
  assert.equal(nangoShaped[0]!.json.connectionId, prodConnection);

  for (const sig of [undefined, apexSignature(body, 'wrong'), apexSignature(`${body} `, setup.secret), Buffer.from(apexSignature(body, setup.secret), 'hex').toString('base64')]) {
    const res = await post(setup.url, body, { 'content-type': 'application/json', ...(sig ? { 'x-terapi-hmac-sha256': sig } : {}) });
    assert.equal(res.status, 401);
    assert.equal(await errorCode(res), 'salesforce_webhook_unauthorized');
  }
  const unknown = JSON.stringify({ nango: { connectionId: 'nope' } });
  const res = await post(setup.url, unknown, { 'content-type': 'application/json', 'x-terapi-hmac-sha256': apexSignature(unknown, setup.secret) });
  assert.equal(res.status, 404);
  assert.equal(await errorCode(res), 'webhook_unmatched');
});

test('bad input gets a clear refusal and reads nothing: unknown environment or integration, wrong URL secret, malformed XML, external entities, entity expansion, too large, wrong content type, org id of the wrong length, over 100 notifications', async () => {
  const envUuid = (await env.t.services.environments.findByName('dev'))!.uuid;
  const good = envelope(prodOrg, [{ id: '04l5e00000Bad01AAA', recordId: '0015e00000ZkM3hAAF' }]);
  const token = new URL(setup.outbound_message_url).search;
  const cases: Array<[string, string, string | Buffer, Record<string, string>, number, string]> = [
    ['unknown environment', `${env.t.url}/webhook/00000000-0000-4000-8000-000000000000/salesforce${token}`, good, xml, 404, 'unknown_environment'],
    ['malformed environment id', `${env.t.url}/webhook/not-a-uuid/salesforce${token}`, good, xml, 404, 'unknown_environment'],
    ['unknown integration', `${env.t.url}/webhook/${envUuid}/nope${token}`, good, xml, 404, 'unknown_provider_config'],
    ['no URL secret', setup.url, good, xml, 401, 'salesforce_webhook_unauthorized'],
    ['wrong URL secret', `${setup.url}?secret=${'0'.repeat(64)}`, good, xml, 401, 'salesforce_webhook_unauthorized'],
    ['malformed XML', setup.outbound_message_url, good.slice(0, -20), xml, 400, 'salesforce_outbound_message_invalid'],
    ['external entity', setup.outbound_message_url, `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${good.replace(/^<\?xml[^>]*>/, '').replace('<sf:Id>', '<sf:Name>&xxe;</sf:Name><sf:Id>')}`, xml, 400, 'salesforce_outbound_message_invalid'],
    ['entity expansion', setup.outbound_message_url, `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`, xml, 400, 'salesforce_outbound_message_invalid'],
    ['not a notifications envelope', setup.outbound_message_url, '<?xml version="1.0"?><a><b/></a>', xml, 400, 'salesforce_outbound_message_invalid'],
    ['too large', setup.outbound_message_url, Buffer.alloc(5 * 1024 * 1024, 'a'), xml, 413, 'payload_too_large'],
    ['wrong content type', setup.outbound_message_url, good, { 'content-type': 'text/plain' }, 415, 'invalid_content_type'],
    ['no content type', setup.outbound_message_url, good, {}, 415, 'invalid_content_type'],
    ['org id of 16 characters', setup.outbound_message_url, envelope(`${prodOrg.slice(0, 15)}A`, [{ id: '04l5e00000Bad02AAA', recordId: '0015e00000ZkM3hAAF' }]), xml, 400, 'salesforce_org_id_invalid'],
    ['not an org id', setup.outbound_message_url, envelope('0015e00000ZkM3hAAF', [{ id: '04l5e00000Bad03AAA', recordId: '0015e00000ZkM3hAAF' }]), xml, 400, 'salesforce_org_id_invalid'],
    ['101 notifications', setup.outbound_message_url, envelope(prodOrg, Array.from({ length: 101 }, (_, i) => ({ id: `04l5e00000B${String(i).padStart(3, '0')}AAAA`, recordId: '0015e00000ZkM3hAAF' }))), xml, 400, 'salesforce_outbound_message_invalid'],
    ['JSON that is not JSON', setup.url, '{', { 'content-type': 'application/json', 'x-terapi-hmac-sha256': apexSignature('{', setup.secret) }, 400, 'salesforce_callout_invalid'],
    ['JSON without org id', setup.url, '{"a":1}', { 'content-type': 'application/json', 'x-terapi-hmac-sha256': apexSignature('{"a":1}', setup.secret) }, 400, 'salesforce_callout_invalid'],
  ];
  for (const [name, url, body, headers, status, code] of cases) {
    const res = await post(url, body, headers);
    assert.equal(res.status, status, `${name}: ${await res.clone().text()}`);
    assert.equal(await errorCode(res), code, name);
  }
  const { rows } = await env.t.services.db.query<{ n: number }>(`select count(*)::int as n from incoming_webhook_events where event_key like 'om:04l5e00000B%' or payload::text like '%root:%'`);
  assert.equal(rows[0]!.n, 0, 'nothing stored from a refused request');
});

test('every catalog entry of the Salesforce module receives webhooks (salesforce, -sandbox, -cc, -jwt, -experience-cloud)', async () => {
  const { catalog, hooks } = env.t.services;
  for (const name of ['salesforce', 'salesforce-sandbox', 'salesforce-cc', 'salesforce-jwt', 'salesforce-experience-cloud']) {
    const provider = catalog.get(name)!;
    assert.ok(provider.hooks && hooks.get(provider.hooks)?.receiveWebhook, name);
  }
});
