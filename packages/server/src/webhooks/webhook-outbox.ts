// Webhooks to the app leave through a durable outbox (table webhook_deliveries, the record of every attempt):
// each row and the job of its first attempt (`terapi_webhook_delivery`, job key `webhook:<id>`) are written
// in the transaction of the change that caused them; a failed attempt writes its outcome and the job of the
// next attempt (backoff) in one transaction. So a crash loses none and a rolled-back change sends none.
// Invariant: idempotent by delivery id — an attempt holds the row (FOR UPDATE SKIP LOCKED) and a row that is
// no longer pending is never sent again.
import type { Logger } from 'pino';
import type { Database, Queryable } from '../database/database.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { OperatorConfigured, OutboundHttp } from '../outbound/outbound-http.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { JOB } from '../jobs/job-kinds.js';
import { stableStringify } from './stable-json.js';
import { signatureHeaders } from './webhook-signature.js';

const WEBHOOK_DESTINATION: OperatorConfigured = { reason: "webhooks go to the URL the environment's owner set for its app" };

export const MAX_ATTEMPTS = 12;
/** Backoff before attempt n+1: 1 s, 2 s, 4 s … capped at 10 min, with ±20 % jitter. */
export function backoffMs(attempts: number, baseMs = 1000): number {
  const raw = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 10 * 60_000);
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

export interface DeliveryRow {
  id: number;
  environment_id: number;
  url: string;
  event_type: string;
  body: string;
  attempts: number;
}

export class WebhookOutbox {
  constructor(
    private readonly deps: { db: Database; http: OutboundHttp; environments: EnvironmentStore; logger: Logger; userAgent: string; backoffBaseMs?: number },
  ) {}

  /**
   * Enqueues one POST of `payload` to each URL (stable JSON bytes fixed now, signed at delivery). Pass the
   * transaction's client: the rows and their jobs then commit or roll back with the change.
   */
  async enqueue(environmentId: number, eventType: string, payload: unknown, urls: string[], q: Queryable = this.deps.db): Promise<void> {
    const body = stableStringify(payload);
    for (const url of urls) {
      const { rows } = await q.query<{ id: number }>('insert into webhook_deliveries (environment_id, url, event_type, body) values ($1, $2, $3, $4) returning id', [environmentId, url, eventType, body]);
      await this.#schedule(q, rows[0]!.id, new Date());
    }
  }

  #schedule(q: Queryable, deliveryId: number, runAt: Date): Promise<Date> {
    return enqueueJob(q, JOB.webhookDelivery, { deliveryId }, { jobKey: `webhook:${deliveryId}`, runAt });
  }

  /** The `terapi_webhook_delivery` job: one attempt at one row (nothing when it is no longer pending). */
  async deliver(deliveryId: number): Promise<void> {
    const { db } = this.deps;
    const client = await db.pool.connect();
    try {
      // The row stays locked during the POST: a second job for the same delivery skips it instead of sending twice.
      await client.query('begin');
      const { rows } = await client.query<DeliveryRow>(
        `select id, environment_id, url, event_type, body, attempts from webhook_deliveries where id = $1 and status = 'pending' for update skip locked`,
        [deliveryId],
      );
      if (rows[0]) await this.#attempt(client, rows[0]);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async #attempt(q: Queryable, row: DeliveryRow): Promise<void> {
    const { http, environments, logger } = this.deps;
    const attempts = row.attempts + 1;
    let status: number | undefined;
    let error: string | undefined;
    try {
      const key = await environments.webhookSigningKey(row.environment_id);
      const res = await http.request(row.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': this.deps.userAgent, ...signatureHeaders(key, row.body) },
        body: row.body,
        timeoutMs: 20_000,
        // The app's own server, which may well be local; refusing private webhook_url_override values is the connect flow's job.
        privateNetworkAllowed: WEBHOOK_DESTINATION,
      });
      status = res.status;
      await res.body.dump();
    } catch (err) {
      error = (err as Error).message;
    }
    if (status !== undefined && status >= 200 && status < 300) {
      await q.query(`update webhook_deliveries set status = 'delivered', attempts = $2, last_status = $3, last_error = null, delivered_at = now() where id = $1`, [row.id, attempts, status]);
      return;
    }
    // nango-api.md §11: a 3xx or 4xx stops retrying (except 408/429, which mean "later"); network errors and 5xx retry.
    const retryable = status === undefined || status >= 500 || status === 408 || status === 429;
    const failed = !retryable || attempts >= MAX_ATTEMPTS;
    const { rows } = await q.query<{ next_attempt_at: Date }>(
      `update webhook_deliveries set status = $2, attempts = $3, last_status = $4, last_error = $5,
         next_attempt_at = now() + ($6::int * interval '1 millisecond') where id = $1 returning next_attempt_at`,
      [row.id, failed ? 'failed' : 'pending', attempts, status ?? null, error ?? null, backoffMs(attempts, this.deps.backoffBaseMs)],
    );
    if (!failed) await this.#schedule(q, row.id, rows[0]!.next_attempt_at);
    logger.info({ delivery: row.id, url: row.url, status, error, attempts, failed }, 'webhook delivery did not succeed');
  }
}
