// The `terapi_retention` job (hourly, jobs/job-kinds.ts CRONTAB): deletes what the retention periods of
// config.ts let go. Deletes run in batches so that no statement holds many row locks or a long transaction;
// rows still in use are never touched (pending deliveries, queued or running actions, live records).
import type { Logger } from 'pino';
import type { RetentionPeriods } from '../config/config.js';
import type { Database } from '../database/database.js';

const BATCH = 5_000;

/** One statement per kind: `$1` is the period in days, `$2` the batch size; each deletes at most one batch. */
const RULES: ReadonlyArray<{ kind: keyof RetentionCounts; period: keyof RetentionPeriods; sql: string }> = [
  {
    kind: 'operations',
    period: 'operationsDays',
    sql: `delete from operations where id in (select id from operations where started_at < now() - $1::int * interval '1 day' limit $2)`,
  },
  {
    kind: 'apiUsageSamples',
    period: 'operationsDays',
    sql: `delete from connection_api_usage_samples where (connection_id, hour) in (select connection_id, hour from connection_api_usage_samples where hour < now() - $1::int * interval '1 day' limit $2)`,
  },
  {
    kind: 'webhookDeliveries',
    period: 'webhookDeliveriesDays',
    sql: `delete from webhook_deliveries where id in (select id from webhook_deliveries where status <> 'pending' and created_at < now() - $1::int * interval '1 day' limit $2)`,
  },
  {
    kind: 'actionRuns',
    period: 'actionRunsDays',
    sql: `delete from action_runs where id in (select id from action_runs where status in ('success', 'failed') and updated_at < now() - $1::int * interval '1 day' limit $2)`,
  },
  {
    kind: 'oauthSessions',
    period: 'expiredSessionsDays',
    sql: `delete from oauth_sessions where state in (select state from oauth_sessions where expires_at < now() - $1::int * interval '1 day' limit $2)`,
  },
  {
    kind: 'connectSessions',
    period: 'expiredSessionsDays',
    sql: `delete from connect_sessions where id in (select id from connect_sessions where expires_at < now() - $1::int * interval '1 day' limit $2)`,
  },
  {
    kind: 'tombstones',
    period: 'tombstonesDays',
    sql: `delete from records where id in (select id from records where deleted_at < now() - $1::int * interval '1 day' limit $2)`,
  },
  {
    kind: 'incomingWebhooks',
    period: 'incomingWebhooksDays',
    sql: `delete from incoming_webhook_events where id in (select id from incoming_webhook_events where received_at < now() - $1::int * interval '1 day' limit $2)`,
  },
];

export interface RetentionCounts {
  operations: number;
  /** Hourly API usage samples, kept as long as the operation log. */
  apiUsageSamples: number;
  webhookDeliveries: number;
  actionRuns: number;
  oauthSessions: number;
  connectSessions: number;
  tombstones: number;
  incomingWebhooks: number;
}

/** One pass over every kind; returns how many rows of each went. */
export async function runRetention(db: Database, periods: RetentionPeriods, logger?: Logger): Promise<RetentionCounts> {
  const counts: RetentionCounts = { operations: 0, apiUsageSamples: 0, webhookDeliveries: 0, actionRuns: 0, oauthSessions: 0, connectSessions: 0, tombstones: 0, incomingWebhooks: 0 };
  for (const rule of RULES) {
    for (;;) {
      const { rowCount } = await db.query(rule.sql, [periods[rule.period], BATCH]);
      counts[rule.kind] += rowCount ?? 0;
      if ((rowCount ?? 0) < BATCH) break;
    }
  }
  if (Object.values(counts).some((n) => n > 0)) logger?.info({ deleted: counts }, 'retention: old rows deleted');
  return counts;
}
