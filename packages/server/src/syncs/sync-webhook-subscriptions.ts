// Which syncs an incoming webhook concerns (issue 13 point 5): the syncs of the matched connections whose
// active function lists one of the events' types (or `*`) in `webhookSubscriptions` (found by the intake's
// statement, incoming-webhooks/incoming-event-store.ts). Each gets a `terapi_sync_webhook` job in the
// transaction that stores the events, so stored events and their record updates go together.
import type { JobSpec } from '../jobs/enqueue-job.js';
import { JOB } from '../jobs/job-kinds.js';

export interface TypedEvent {
  type?: string | undefined;
}

/** A sync whose function subscribes to some of the types: its id and its `webhookSubscriptions`. */
export interface SubscribedSync {
  id: string;
  subscriptions: string[];
}

/** One `terapi_sync_webhook` job per subscribing sync, with the events it subscribes to. */
export function syncWebhookJobs<E extends TypedEvent>(syncs: SubscribedSync[], events: E[], payloadOf: (events: E[]) => unknown): JobSpec<typeof JOB.syncWebhook>[] {
  const jobs: JobSpec<typeof JOB.syncWebhook>[] = [];
  for (const sync of syncs) {
    const subs = new Set(sync.subscriptions);
    const mine = events.filter((e) => subs.has('*') || (e.type !== undefined && subs.has(e.type)));
    if (!mine.length) continue;
    // graphile-worker retries a run that threw (an unreachable upstream); a function's own error is not retried.
    jobs.push({ kind: JOB.syncWebhook, payload: { syncId: sync.id, payload: payloadOf(mine) }, maxAttempts: 5 });
  }
  return jobs;
}
