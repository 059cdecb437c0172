// SQL of incoming webhooks (STYLE.md habit 14): which connections an incoming webhook concerns, and the
// durable, deduplicated record of its events (table incoming_webhook_events, migration 0007).
import type { Queryable } from '../database/database.js';
import type { IncomingEvent, IncomingWebhookRoute } from '../providers/provider-hooks.js';

export interface MatchedConnection {
  id: number;
  connectionId: string;
  webhookUrlOverride: string | null;
}

export async function matchConnections(q: Queryable, integrationId: number, route: IncomingWebhookRoute): Promise<MatchedConnection[]> {
  const { rows } =
    route.by === 'connectionId'
      ? await q.query<{ id: number; connection_id: string; webhook_url_override: string | null }>(
          'select id, connection_id, webhook_url_override from connections where integration_id = $1 and connection_id = $2',
          [integrationId, route.connectionId],
        )
      : // `left(…) = $3` compares case-sensitively (text equality), as org ids must be (spec/salesforce.md §0).
        await q.query<{ id: number; connection_id: string; webhook_url_override: string | null }>(
          `select id, connection_id, webhook_url_override from connections
            where integration_id = $1 and left(connection_config ->> $2, length($3)) = $3 order by id`,
          [integrationId, route.key, route.prefix],
        );
  return rows.map((r) => ({ id: r.id, connectionId: r.connection_id, webhookUrlOverride: r.webhook_url_override }));
}

/**
 * Stores the events not stored before and returns them. Invariant: at most one row per (integration, event
 * key) — a concurrent duplicate waits on the unique index and then finds the row, so it returns nothing.
 */
export async function storeNewEvents(q: Queryable, a: { environmentId: number; integrationId: number; connectionIds: number[]; events: IncomingEvent[] }): Promise<IncomingEvent[]> {
  const unique = [...new Map(a.events.map((e) => [e.key, e])).values()];
  const { rows } = await q.query<{ event_key: string }>(
    `insert into incoming_webhook_events (environment_id, integration_id, event_key, connection_ids, payload)
     select $1, $2, k, $3::int[], p from unnest($4::text[], $5::jsonb[]) as t(k, p)
     on conflict (integration_id, event_key) do nothing returning event_key`,
    [a.environmentId, a.integrationId, a.connectionIds, unique.map((e) => e.key), unique.map((e) => JSON.stringify(e.payload))],
  );
  const stored = new Set(rows.map((r) => r.event_key));
  return unique.filter((e) => stored.has(e.key));
}
