// The `forward` webhook to the app (nango-api.md §11): {from: <provider>, type: 'forward', providerConfigKey,
// connectionId, payload}, one per matched connection, sent through the outbox (signed, retried) and enqueued
// in the transaction that stores the events, so an event is forwarded exactly when it is stored.
import type { Environment } from '../environments/environment-store.js';
import type { Integration } from '../integrations/integration-store.js';
import { webhookUrls } from '../webhooks/auth-events.js';
import type { MatchedConnection } from './incoming-event-store.js';

export interface ForwardDelivery {
  eventType: 'forward';
  payload: unknown;
  url: string;
  connectionRowId: number;
}

/** The outbox deliveries of the forward webhooks (none when the integration does not forward webhooks). */
export function forwardDeliveries(a: {
  environment: Pick<Environment, 'webhookSettings'>;
  integration: Pick<Integration, 'provider' | 'uniqueKey' | 'forwardWebhooks'>;
  connections: MatchedConnection[];
  payload: unknown;
}): ForwardDelivery[] {
  // nango-api.md §11: sent only if the integration has forward_webhooks.
  if (!a.integration.forwardWebhooks) return [];
  return a.connections.flatMap((c) => {
    const payload = { from: a.integration.provider, type: 'forward', providerConfigKey: a.integration.uniqueKey, connectionId: c.connectionId, payload: a.payload };
    return webhookUrls(a.environment.webhookSettings, c.webhookUrlOverride).map((url) => ({ eventType: 'forward' as const, payload, url, connectionRowId: c.id }));
  });
}
