import { toId15 } from '../ids/salesforce-id.js';

// spec/salesforce.md §5.1 [doc S33].
export const OUTBOUND_NAMESPACE = 'http://soap.sforce.com/2005/09/outbound';
const SOBJECT_NAMESPACE = 'urn:sobject.enterprise.soap.sforce.com';
const API_VERSION = '60.0';

export interface OutboundNotification {
  /** The notification id (`04l…`), the listener's dedupe key (§5.3). */
  id: string;
  sObjectType: string;
  recordId: string;
  /** The chosen fields as read at send time; undefined when the record no longer exists (§5.3). */
  fields: Record<string, unknown> | undefined;
}

export interface OutboundEnvelopeInput {
  orgId: string;
  instanceUrl: string;
  actionId: string;
  sessionId?: string;
  notifications: readonly OutboundNotification[];
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function fieldElement(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<sf:${name} xsi:nil="true"/>`;
  if (typeof value === 'object') return '';
  return `<sf:${name}>${escapeXml(String(value))}</sf:${name}>`;
}

/** spec/salesforce.md §5.1: EnterpriseUrl/PartnerUrl end in the 15-char org id, OrganizationId is 18 chars. */
export function outboundEnvelope(input: OutboundEnvelopeInput): string {
  const org15 = toId15(input.orgId);
  const notifications = input.notifications
    .map((n) => {
      const fields = Object.entries(n.fields ?? {})
        .filter(([k]) => k !== 'Id' && k !== 'attributes')
        .map(([k, v]) => fieldElement(k, v))
        .join('');
      return (
        `<Notification><Id>${n.id}</Id>` +
        `<sObject xsi:type="sf:${escapeXml(n.sObjectType)}" xmlns:sf="${SOBJECT_NAMESPACE}"><sf:Id>${n.recordId}</sf:Id>${fields}</sObject>` +
        `</Notification>`
      );
    })
    .join('');
  const session = input.sessionId === undefined ? '<SessionId xsi:nil="true"/>' : `<SessionId>${escapeXml(input.sessionId)}</SessionId>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    '<soapenv:Body>' +
    `<notifications xmlns="${OUTBOUND_NAMESPACE}">` +
    `<OrganizationId>${input.orgId}</OrganizationId><ActionId>${input.actionId}</ActionId>${session}` +
    `<EnterpriseUrl>${input.instanceUrl}/services/Soap/c/${API_VERSION}/${org15}</EnterpriseUrl>` +
    `<PartnerUrl>${input.instanceUrl}/services/Soap/u/${API_VERSION}/${org15}</PartnerUrl>` +
    notifications +
    '</notifications></soapenv:Body></soapenv:Envelope>'
  );
}

/**
 * spec/salesforce.md §5.2: only an HTTP 200 whose `notificationsResponse` (outbound namespace) holds `<Ack>true</Ack>`
 * acknowledges; the failure strings are those of the delivery-status page [S35].
 */
export function ackFailure(status: number, statusText: string, body: string): string | undefined {
  if (status !== 200) return `(${status})${statusText}`;
  if (!body.trimStart().startsWith('<')) return 'org.xml.sax.SAXParseException: Content is not allowed in prolog.';
  const acked =
    body.includes(OUTBOUND_NAMESPACE) &&
    /notificationsResponse/.test(body) &&
    /<(?:[\w-]+:)?Ack>\s*true\s*<\/(?:[\w-]+:)?Ack>/.test(body);
  return acked ? undefined : 'SOAP response was a nack';
}
