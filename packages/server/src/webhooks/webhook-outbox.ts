// Webhooks to the app leave through a durable outbox (table webhook_deliveries): enqueued in the same
// database as the change that caused them, delivered by the worker with retries and backoff, so a
// restart loses none. Invariant: a delivery row is claimed by one worker at a time (FOR UPDATE SKIP LOCKED).
import type { Logger } from 'pino';
import type { Database, Queryable } from '../database/database.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { OperatorConfigured, OutboundHttp } from '../outbound/outbound-http.js';
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

  /** Enqueues one POST of `payload` to each URL (stable JSON bytes fixed now, signed at delivery). */
  async enqueue(environmentId: number, eventType: string, payload: unknown, urls: string[], q: Queryable = this.deps.db): Promise<void> {
    const body = stableStringify(payload);
    for (const url of urls) {
      await q.query('insert into webhook_deliveries (environment_id, url, event_type, body) values ($1, $2, $3, $4)', [environmentId, url, eventType, body]);
    }
    if (urls.length) await q.query(`select pg_notify('terapi_webhooks', '')`);
  }

  /** Delivers due rows; returns how many were attempted. Safe to run in any number of processes. */
  async deliverDue(limit = 20): Promise<number> {
    const { db } = this.deps;
    const claimed = await db.transaction(async (client) => {
      const { rows } = await client.query<DeliveryRow>(
        `select id, environment_id, url, event_type, body, attempts from webhook_deliveries
         where status = 'pending' and next_attempt_at <= now() order by next_attempt_at limit $1 for update skip locked`,
        [limit],
      );
      // Claim by pushing next_attempt_at past the request timeout; a crash mid-delivery retries later.
      if (rows.length) await client.query(`update webhook_deliveries set next_attempt_at = now() + interval '60 seconds' where id = any($1)`, [rows.map((r) => r.id)]);
      return rows;
    });
    await Promise.all(claimed.map((row) => this.#deliver(row)));
    return claimed.length;
  }

  async #deliver(row: DeliveryRow): Promise<void> {
    const { db, http, environments, logger } = this.deps;
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
      await db.query(`update webhook_deliveries set status = 'delivered', attempts = $2, last_status = $3, last_error = null, delivered_at = now() where id = $1`, [row.id, attempts, status]);
      return;
    }
    // nango-api.md §11: a 3xx or 4xx stops retrying (except 408/429, which mean "later"); network errors and 5xx retry.
    const retryable = status === undefined || status >= 500 || status === 408 || status === 429;
    const failed = !retryable || attempts >= MAX_ATTEMPTS;
    await db.query(
      `update webhook_deliveries set status = $2, attempts = $3, last_status = $4, last_error = $5,
         next_attempt_at = now() + ($6::int * interval '1 millisecond') where id = $1`,
      [row.id, failed ? 'failed' : 'pending', attempts, status ?? null, error ?? null, backoffMs(attempts, this.deps.backoffBaseMs)],
    );
    logger.info({ delivery: row.id, url: row.url, status, error, attempts, failed }, 'webhook delivery did not succeed');
  }
}
