// A JSON callout from Apex or a Flow (docs/salesforce-webhooks.md): signed with the integration's webhook
// secret, routed by `organizationId` (UserInfo.getOrganizationId()) or, for teams coming from Nango, by
// `nango.connectionId` (Nango's Salesforce routing reads {nango: {connectionId, eventType}}; spec/salesforce.md §5.3).
import { createHash } from 'node:crypto';
import { TerapiError } from '../../../errors/terapi-error.js';
import type { IncomingWebhook, IncomingWebhookRoute } from '../../provider-hooks.js';
import { ORG_ID_CONFIG_KEY, orgIdPrefix } from './org-id.js';

function routeOf(body: Record<string, unknown>): IncomingWebhookRoute {
  const nango = body.nango;
  if (nango && typeof nango === 'object' && typeof (nango as Record<string, unknown>).connectionId === 'string') {
    return { by: 'connectionId', connectionId: (nango as { connectionId: string }).connectionId };
  }
  if (body.organizationId === undefined) throw new TerapiError('salesforce_callout_invalid.shape', { reason: 'it has neither' });
  return { by: 'connectionConfigPrefix', key: ORG_ID_CONFIG_KEY, prefix: orgIdPrefix(body.organizationId) };
}

/** The event type syncs subscribe to: the callout's sObjectType, or Nango's nango.eventType. */
function typeOf(b: Record<string, unknown>): { type?: string } {
  if (typeof b.sObjectType === 'string') return { type: b.sObjectType };
  const nango = b.nango as { eventType?: unknown } | undefined;
  return nango && typeof nango.eventType === 'string' ? { type: nango.eventType } : {};
}

export function jsonCalloutWebhook(rawBody: Buffer): IncomingWebhook {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new TerapiError('salesforce_callout_invalid.not_json');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new TerapiError('salesforce_callout_invalid.shape', { reason: 'the body is not an object' });
  const b = body as Record<string, unknown>;
  // A callout that names itself (an `id`) is deduplicated by it; otherwise an identical body is a replay.
  const key = typeof b.id === 'string' && b.id ? `callout:${b.id}` : `callout-sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
  return {
    route: routeOf(b),
    events: [{ key, ...typeOf(b), payload: b }],
    forwardPayload: (events) => events[0]?.payload,
    ack: { contentType: 'application/json; charset=utf-8', body: '{"success":true}' },
  };
}
