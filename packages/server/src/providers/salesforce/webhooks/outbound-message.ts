// A Salesforce Outbound Message (spec/salesforce.md §5.1): a SOAP 1.1 envelope whose `notifications` hold
// 1–100 `Notification`s, each with its Id (04l…) and an sObject of the fields chosen in Setup. Parsed with
// fast-xml-parser after refusing any DOCTYPE (SOAP 1.1 §3 forbids them), so no external entity is read and
// no entity expands. The SessionId is dropped here and never leaves this function.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { TerapiError } from '../../../errors/terapi-error.js';
import type { IncomingEvent, IncomingWebhook } from '../../provider-hooks.js';
import { ORG_ID_CONFIG_KEY, orgIdPrefix } from './org-id.js';

export const MAX_NOTIFICATIONS = 100;

// spec/salesforce.md §5.2: one <Ack>true</Ack> covers every notification of the message.
export const OUTBOUND_MESSAGE_ACK =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

/** One notification as terapi stores and forwards it. */
export interface OutboundNotification {
  id: string;
  sObjectType: string;
  /** The sObject's fields by name; a nil field is null. */
  fields: Record<string, unknown>;
}

export interface OutboundMessage {
  organizationId: string;
  actionId: string | null;
  notifications: OutboundNotification[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // No isArray callback: it costs a third of the parse (bench/webhooks.bench.ts); one Notification is normalised below.
});

type XmlNode = Record<string, unknown>;

function shapeError(reason: string): TerapiError {
  return new TerapiError('salesforce_outbound_message_invalid.shape', { reason });
}

function child(node: unknown, name: string): XmlNode | undefined {
  const v = node && typeof node === 'object' ? (node as XmlNode)[name] : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as XmlNode) : undefined;
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const node = v as XmlNode;
    if (node['@_nil'] === 'true') return null;
    if (typeof node['#text'] === 'string') return node['#text'];
    return '';
  }
  return null;
}

/** A field's value: text, null when nil, or an object of sub-fields (compound fields such as an address). */
function fieldValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fieldValue);
  if (v && typeof v === 'object') {
    const node = v as XmlNode;
    if (node['@_nil'] === 'true') return null;
    const subs = Object.keys(node).filter((k) => !k.startsWith('@_') && k !== '#text');
    if (!subs.length) return typeof node['#text'] === 'string' ? node['#text'] : '';
    return Object.fromEntries(subs.map((k) => [k, fieldValue(node[k])]));
  }
  return v;
}

export function parseOutboundMessage(rawBody: Buffer): OutboundMessage {
  const xml = rawBody.toString('utf8');
  if (/<!DOCTYPE/i.test(xml)) throw new TerapiError('salesforce_outbound_message_invalid.doctype');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new TerapiError('salesforce_outbound_message_invalid.malformed', { reason: `${valid.err.msg} at line ${valid.err.line}` });
  const doc = parser.parse(xml) as XmlNode;
  const notifications = child(child(child(doc, 'Envelope'), 'Body'), 'notifications');
  if (!notifications) throw shapeError('no Envelope/Body/notifications');
  const organizationId = text(notifications.OrganizationId);
  orgIdPrefix(organizationId);
  const one = notifications.Notification;
  const list: unknown[] = Array.isArray(one) ? one : one && typeof one === 'object' ? [one] : [];
  if (list.length === 0) throw shapeError('no Notification');
  if (list.length > MAX_NOTIFICATIONS) throw new TerapiError('salesforce_outbound_message_invalid.too_many', { count: list.length });
  return {
    organizationId: organizationId!,
    actionId: text(notifications.ActionId),
    // SessionId, EnterpriseUrl and PartnerUrl are not read: a session id is a credential of the org's user.
    notifications: list.map((n, i) => {
      const id = n && typeof n === 'object' ? text((n as XmlNode).Id) : null;
      const sObject = child(n, 'sObject');
      if (!id || !sObject) throw shapeError(`Notification ${i + 1} lacks an Id or an sObject`);
      const type = text(sObject['@_type']) ?? '';
      const fields: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(sObject)) if (!k.startsWith('@_') && k !== '#text') fields[k] = fieldValue(v);
      return { id, sObjectType: type.replace(/^[^:]*:/, ''), fields };
    }),
  };
}

/** The Outbound Message as terapi routes (by org), stores (one event per notification Id) and forwards. */
export function outboundMessageWebhook(rawBody: Buffer): IncomingWebhook {
  const m = parseOutboundMessage(rawBody);
  const envelope = { type: 'outbound_message', organizationId: m.organizationId, actionId: m.actionId };
  return {
    route: { by: 'connectionConfigPrefix', key: ORG_ID_CONFIG_KEY, prefix: orgIdPrefix(m.organizationId) },
    events: m.notifications.map((n) => ({ key: `om:${n.id}`, type: n.sObjectType, payload: { ...envelope, notification: n } })),
    forwardPayload: (events: IncomingEvent[]) => ({ ...envelope, notifications: events.map((e) => (e.payload as { notification: OutboundNotification }).notification) }),
    ack: { contentType: 'text/xml; charset=utf-8', body: OUTBOUND_MESSAGE_ACK },
  };
}
