// Every kind of background work is a graphile-worker task named here, with its typed payload. Who enqueues
// each kind is listed in docs/architecture.md ("Jobs").
import type { FunctionEvent } from '../functions/sdk/function-config.js';

export const JOB = {
  /** One run of a sync (syncs/sync-service.ts); job key `sync:<uuid>`. */
  sync: 'terapi_sync',
  /** A sync's onWebhook for new incoming events (syncs/sync-webhook-run.ts), enqueued with the events (incoming-webhooks/). */
  syncWebhook: 'terapi_sync_webhook',
  /** One attempt at one webhook_deliveries row (webhooks/webhook-outbox.ts); job key `webhook:<id>`. */
  webhookDelivery: 'terapi_webhook_delivery',
  /** One attempt at one async action run (actions/async-action-job.ts); job key `action:<uuid>`. */
  asyncAction: 'terapi_async_action',
  /** The on-event functions of a new connection (functions/connection-events.ts). */
  connectionEvent: 'terapi_connection_event',
  /** Refreshes tokens about to expire (auth/refresh-sweep.ts); cron, every minute. */
  refreshSweep: 'terapi_refresh_sweep',
  /** Deletes what the retention periods let go (jobs/retention.ts); cron, hourly. */
  retention: 'terapi_retention',
} as const;

export type JobKind = (typeof JOB)[keyof typeof JOB];

export interface JobPayloads {
  terapi_sync: { syncId: string; /** A trigger runs even when the schedule is paused. */ triggered?: boolean };
  terapi_webhook_delivery: { deliveryId: number };
  /** `payload`: what onWebhook receives (the forward webhook's payload, of the events the sync subscribes to). */
  terapi_sync_webhook: { syncId: string; payload: unknown };
  terapi_async_action: { runId: string };
  terapi_connection_event: { connectionId: number; event: FunctionEvent };
  terapi_refresh_sweep: Record<string, unknown>;
  terapi_retention: Record<string, unknown>;
}

export type JobHandlers = { [K in JobKind]: (payload: JobPayloads[K]) => Promise<void> };

/** Recurring jobs (graphile-worker crontab): one job per tick across every worker process. */
export const CRONTAB = [`* * * * * ${JOB.refreshSweep} ?max=1`, `17 * * * * ${JOB.retention} ?max=3`].join('\n');
