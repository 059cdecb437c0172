// The `forward` webhook to the app (nango-api.md §11): {from: <provider>, type: 'forward', providerConfigKey,
// connectionId, payload}, one per matched connection, sent through the outbox (signed, retried) and enqueued
// in the transaction that stores the events, so an event is forwarded exactly when it is stored.
import type { Queryable } from '../database/database.js';
import type { Environment } from '../environments/environment-store.js';
import type { Integration } from '../integrations/integration-store.js';
import type { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { webhookUrls } from '../webhooks/auth-events.js';
import type { MatchedConnection } from './incoming-event-store.js';

export async function enqueueForwards(
  q: Queryable,
  outbox: Pick<WebhookOutbox, 'enqueue'>,
  a: { environment: Environment; integration: Integration; connections: MatchedConnection[]; payload: unknown },
): Promise<number> {
  // nango-api.md §11: sent only if the integration has forward_webhooks.
  if (!a.integration.forwardWebhooks) return 0;
  let sent = 0;
  for (const c of a.connections) {
    const urls = webhookUrls(a.environment.webhookSettings, c.webhookUrlOverride);
    if (!urls.length) continue;
    const body = { from: a.integration.provider, type: 'forward', providerConfigKey: a.integration.uniqueKey, connectionId: c.connectionId, payload: a.payload };
    await outbox.enqueue(a.environment.id, 'forward', body, urls, q);
    sent += urls.length;
  }
  return sent;
}
