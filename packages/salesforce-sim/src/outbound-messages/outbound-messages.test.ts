import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { OUTBOUND_NAMESPACE } from './outbound-envelope.js';

const ACK = (value: boolean) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="${OUTBOUND_NAMESPACE}"><Ack>${value}</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>`;

let running: RunningSalesforceSim;
let receiver: Server;
let receiverUrl: string;
/** What the receiver answers, in order; the last answer repeats. */
let script: { status: number; body: string }[] = [];
let received: { contentType: string | undefined; body: string }[] = [];

before(async () => {
  running = await startSalesforceSim();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      const answer = script[Math.min(received.length - 1, script.length - 1)] ?? { status: 200, body: ACK(true) };
      res.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/outbound`;
});
after(async () => {
  await running.close();
  await new Promise((resolve) => receiver.close(resolve));
});

test('a message is retried through failures and a nack until a true Ack, and reports every attempt', async () => {
  received = [];
  script = [
    { status: 500, body: 'oops' },
    { status: 200, body: ACK(false) },
    { status: 200, body: 'not xml' },
    { status: 200, body: ACK(true) },
  ];
  const orgId = running.summary().orgs[0]?.id ?? '';
  const account = await running.control.createRecord(orgId, 'Account', { Name: 'Acme & Sons', Industry: 'Manufacturing' });
  const sent = await running.control.sendOutboundMessage({
    orgId,
    url: receiverUrl,
    sObjectType: 'Account',
    recordIds: [String(account.Id)],
    fields: ['Name', 'Industry'],
    retryDelaysMs: [1],
  });
  const done = await running.control.outboundDelivery(sent.id, { wait: true });
  assert.equal(done.state, 'delivered');
  assert.equal(done.attempts, 4);
  assert.equal(done.lastStatus, 200);
  assert.deepEqual(
    done.history.map((h) => [h.status, h.error]),
    [
      [500, '(500)Internal Server Error'],
      [200, 'SOAP response was a nack'],
      [200, 'org.xml.sax.SAXParseException: Content is not allowed in prolog.'],
      [200, undefined],
    ],
  );
  assert.equal(received.length, 4);
  const first = received[0];
  assert.equal(first?.contentType, 'text/xml; charset=utf-8');
  const xml = first?.body ?? '';
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope'));
  assert.ok(xml.includes(`<notifications xmlns="${OUTBOUND_NAMESPACE}">`));
  assert.ok(xml.includes(`<OrganizationId>${orgId}</OrganizationId>`));
  assert.ok(xml.includes(`<ActionId>${done.actionId}</ActionId><SessionId xsi:nil="true"/>`));
  assert.ok(xml.includes(`<PartnerUrl>https://acme.my.salesforce.com/services/Soap/u/60.0/${orgId.slice(0, 15)}</PartnerUrl>`));
  assert.ok(
    xml.includes(
      `<Notification><Id>${done.notificationIds[0]}</Id><sObject xsi:type="sf:Account" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">` +
        `<sf:Id>${account.Id}</sf:Id><sf:Name>Acme &amp; Sons</sf:Name><sf:Industry>Manufacturing</sf:Industry></sObject></Notification>`,
    ),
  );
  assert.match(done.notificationIds[0] ?? '', /^04l/);
});

test('a message is given up after maxAttempts and carries a live session id when asked', async () => {
  received = [];
  script = [{ status: 404, body: 'missing' }];
  const orgId = running.summary().orgs[0]?.id ?? '';
  const account = await running.control.createRecord(orgId, 'Account', { Name: 'Umbrella' });
  const sent = await running.control.sendOutboundMessage({
    orgId, url: receiverUrl, sObjectType: 'Account', recordIds: [String(account.Id)], retryDelaysMs: [1], maxAttempts: 2, sendSessionId: true,
  });
  const done = await running.control.outboundDelivery(sent.id, { wait: true });
  assert.equal(done.state, 'failed');
  assert.equal(done.attempts, 2);
  assert.equal(done.lastError, '(404)Not Found');
  const session = /<SessionId>([^<]+)<\/SessionId>/.exec(received[0]?.body ?? '')?.[1] ?? '';
  const auth = running.sim.authenticateRest({ authorization: `Bearer ${session}` }, 'acme.my.salesforce.com');
  assert.ok('user' in auth);
  assert.equal((await running.control.outboundDeliveries()).length, 2);
});
