// What runs each job kind (jobs/job-kinds.ts): the one place a newcomer adds a kind's handler, next to the
// feature that owns the work.
import type { Database } from '../database/database.js';
import type { Logger } from 'pino';
import type { TerapiConfig } from '../config/config.js';
import type { SyncService } from '../syncs/sync-service.js';
import type { AsyncActionJobDeps } from '../actions/async-action-job.js';
import type { ConnectionEventsDeps } from '../functions/connection-events.js';
import type { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import type { RefreshSweep } from '../auth/refresh-sweep.js';
import { runAsyncActionJob } from '../actions/async-action-job.js';
import { runConnectionEventJob } from '../functions/connection-events.js';
import type { JobHandlers } from './job-kinds.js';
import { runRetention } from './retention.js';

/** What the job handlers reach: the union of what each handler's feature needs, nothing more. */
export type JobHandlerServices = AsyncActionJobDeps &
  ConnectionEventsDeps & { syncs: Pick<SyncService, 'handleJob' | 'handleWebhookJob'>; db: Database; config: Pick<TerapiConfig, 'retention'>; logger: Logger };

export function jobHandlers(d: { services: JobHandlerServices; outbox: WebhookOutbox; sweep: RefreshSweep }): JobHandlers {
  const s = d.services;
  return {
    terapi_sync: (p) => s.syncs.handleJob(p),
    terapi_sync_webhook: (p) => s.syncs.handleWebhookJob(p),
    terapi_webhook_delivery: (p) => d.outbox.deliver(p.deliveryId),
    terapi_async_action: (p) => runAsyncActionJob(s, d.outbox, p.runId),
    terapi_connection_event: (p) => runConnectionEventJob(s, p),
    terapi_refresh_sweep: async () => {
      await d.sweep.sweepOnce();
    },
    terapi_retention: async () => {
      await runRetention(s.db, s.config.retention, s.logger);
    },
  };
}
