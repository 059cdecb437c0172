// Which syncs an incoming webhook concerns (issue 13 point 5): the syncs of the matched connections whose
// active function lists one of the events' types (or `*`) in `webhookSubscriptions`. Each gets a
// `terapi_sync_webhook` job in the transaction that stores the events, so stored events and their record
// updates go together.
import type { Queryable } from '../database/database.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { JOB } from '../jobs/job-kinds.js';

export interface TypedEvent {
  type?: string | undefined;
}

export async function enqueueSyncWebhooks<E extends TypedEvent>(
  q: Queryable,
  a: { connectionIds: number[]; events: E[]; payloadOf(events: E[]): unknown },
): Promise<number> {
  const types = [...new Set(a.events.flatMap((e) => (e.type ? [e.type] : [])))];
  const { rows } = await q.query<{ id: string; subscriptions: string[] }>(
    `select s.id, f.definition -> 'webhookSubscriptions' as subscriptions
       from syncs s
       join connections c on c.id = s.connection_id
       join integrations i on i.id = c.integration_id
       join functions f on f.environment_id = c.environment_id and f.integration_key = i.unique_key and f.name = s.name and f.active and f.kind = 'sync'
      where s.connection_id = any($1::int[]) and (f.definition -> 'webhookSubscriptions') ?| $2::text[]`,
    [a.connectionIds, [...types, '*']],
  );
  let enqueued = 0;
  for (const row of rows) {
    const subs = new Set(row.subscriptions);
    const mine = a.events.filter((e) => subs.has('*') || (e.type !== undefined && subs.has(e.type)));
    if (!mine.length) continue;
    // graphile-worker retries a run that threw (an unreachable upstream); a function's own error is not retried.
    await enqueueJob(q, JOB.syncWebhook, { syncId: row.id, payload: a.payloadOf(mine) }, { maxAttempts: 5 });
    enqueued++;
  }
  return enqueued;
}
