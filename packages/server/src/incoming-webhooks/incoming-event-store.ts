// SQL of incoming webhooks (STYLE.md habit 14): the environment and integration a webhook is posted to, which
// connections it concerns, and the durable, deduplicated record of its events (table incoming_webhook_events,
// migration 0007). Few round trips on purpose (issue 13 point 9: the acknowledgment waits for them): one
// statement finds the target, one matches the connections, stores the events and finds the subscribing syncs.
import type { Queryable } from '../database/database.js';
import { DEFAULT_WEBHOOK_SETTINGS, type Environment } from '../environments/environment-store.js';
import type { Integration } from '../integrations/integration-store.js';
import type { IncomingEvent, IncomingWebhookRoute } from '../providers/provider-hooks.js';
import type { SubscribedSync } from '../syncs/sync-webhook-subscriptions.js';

export interface MatchedConnection {
  id: number;
  connectionId: string;
  webhookUrlOverride: string | null;
}

/** What the intake needs of the environment and integration a webhook is posted to. */
export interface WebhookTarget {
  environment: Pick<Environment, 'id' | 'name' | 'webhookSettings'>;
  integration: Pick<Integration, 'id' | 'uniqueKey' | 'provider' | 'forwardWebhooks'>;
  /** integrations.webhook_secret_enc: null until the secret is first needed. */
  webhookSecretEnc: string | null;
}

/** One statement: `environment` undefined when the uuid names none, `integration` when the key names none. */
export async function findWebhookTarget(q: Queryable, environmentUuid: string, providerConfigKey: string): Promise<Partial<WebhookTarget>> {
  if (!/^[0-9a-f-]{36}$/i.test(environmentUuid)) return {};
  const { rows } = await q.query<{
    env_id: number; env_name: string; webhook_settings: Partial<Environment['webhookSettings']> | null;
    id: number | null; unique_key: string; provider: string; forward_webhooks: boolean; webhook_secret_enc: string | null;
  }>(
    `select e.id as env_id, e.name as env_name, e.webhook_settings, i.id, i.unique_key, i.provider, i.forward_webhooks, i.webhook_secret_enc
       from environments e left join integrations i on i.environment_id = e.id and i.unique_key = $2
      where e.uuid = $1`,
    [environmentUuid, providerConfigKey],
  );
  const r = rows[0];
  if (!r) return {};
  const environment = { id: r.env_id, name: r.env_name, webhookSettings: { ...DEFAULT_WEBHOOK_SETTINGS, ...r.webhook_settings } };
  if (r.id === null) return { environment };
  return { environment, integration: { id: r.id, uniqueKey: r.unique_key, provider: r.provider, forwardWebhooks: r.forward_webhooks }, webhookSecretEnc: r.webhook_secret_enc };
}

export interface StoredEvents<E extends IncomingEvent> {
  connections: MatchedConnection[];
  /** The events not stored before (none when no connection matched: nothing is stored then). */
  fresh: E[];
  /** The syncs of the matched connections whose function subscribes to one of the events' types (or `*`). */
  syncs: SubscribedSync[];
}

/**
 * One statement: matches the connections, stores the events not stored before (only if a connection
 * matched) and finds the subscribing syncs. Invariant: at most one row per (integration, event key) — a
 * concurrent duplicate waits on the unique index and then finds the row, so it returns nothing.
 */
export async function matchAndStoreEvents<E extends IncomingEvent>(
  q: Queryable,
  a: { environmentId: number; integrationId: number; route: IncomingWebhookRoute; events: E[] },
): Promise<StoredEvents<E>> {
  const unique = [...new Map(a.events.map((e) => [e.key, e])).values()];
  const types = [...new Set(unique.flatMap((e) => (e.type ? [e.type] : []))), '*'];
  // `left(…) = $6` compares case-sensitively (text equality), as org ids must be (spec/salesforce.md §0).
  const [predicate, routeValues] =
    a.route.by === 'connectionId'
      ? ['connection_id = $5', [a.route.connectionId]]
      : ['left(connection_config ->> $5, length($6)) = $6', [a.route.key, a.route.prefix]];
  const { rows } = await q.query<{ connections: { id: number; connection_id: string; webhook_url_override: string | null }[]; fresh: string[]; syncs: SubscribedSync[] }>(
    `with conns as (
       select id, connection_id, webhook_url_override from connections where integration_id = $1 and ${predicate}
     ), stored as (
       insert into incoming_webhook_events (environment_id, integration_id, event_key, connection_ids, payload)
       select $2, $1, k, (select array_agg(id order by id) from conns), p from unnest($3::text[], $4::jsonb[]) as t(k, p)
        where exists (select 1 from conns)
       on conflict (integration_id, event_key) do nothing returning event_key
     ), subs as (
       select s.id, f.definition -> 'webhookSubscriptions' as subscriptions
         from syncs s
         join conns c on c.id = s.connection_id
         join integrations i on i.id = $1
         join functions f on f.environment_id = $2 and f.integration_key = i.unique_key and f.name = s.name and f.active and f.kind = 'sync'
        where (f.definition -> 'webhookSubscriptions') ?| $${3 + 2 + routeValues.length}::text[]
     )
     select (select coalesce(json_agg(c order by c.id), '[]') from conns c) as connections,
            (select coalesce(array_agg(event_key), '{}') from stored) as fresh,
            (select coalesce(json_agg(subs), '[]') from subs) as syncs`,
    [a.integrationId, a.environmentId, unique.map((e) => e.key), unique.map((e) => JSON.stringify(e.payload)), ...routeValues, types],
  );
  const r = rows[0]!;
  const stored = new Set(r.fresh);
  return {
    connections: r.connections.map((c) => ({ id: c.id, connectionId: c.connection_id, webhookUrlOverride: c.webhook_url_override })),
    fresh: unique.filter((e) => stored.has(e.key)),
    syncs: r.syncs,
  };
}
