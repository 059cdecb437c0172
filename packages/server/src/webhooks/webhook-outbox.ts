// Webhooks to the app leave through a durable outbox (table webhook_deliveries, the record of every attempt):
// each row and the job of its first attempt (`terapi_webhook_delivery`, job key `webhook:<id>`) are written
// in the transaction of the change that caused them; a failed attempt writes its outcome and the job of the
// next attempt (backoff) in one transaction. So a crash loses none and a rolled-back change sends none.
// Invariant: idempotent by delivery id — an attempt holds the row (FOR UPDATE SKIP LOCKED) and a row that is
// no longer pending is never sent again, unless an operator asks for it (redeliver(): the row is pending
// again and its job enqueued, in one transaction). Each attempt and the app's answer are kept in
// webhook_delivery_attempts (issue 12 point 6) and the operation log.
import type { Logger } from 'pino';
import type { Database, Queryable } from '../database/database.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { OperatorConfigured, OutboundHttp } from '../outbound/outbound-http.js';
import { enqueueJob, jobSpecParams, jobSpecsSql, type JobSpec } from '../jobs/enqueue-job.js';
import { JOB } from '../jobs/job-kinds.js';
import { stableStringify } from './stable-json.js';
import { signatureHeaders } from './webhook-signature.js';
import type { OperationLog } from '../operations/operation-log.js';
import { clippedText } from '../operations/operation-kinds.js';
import { durationMs } from '../operations/operation-outcome.js';
import { storableText } from '../database/storable-text.js';

/** How much of the app's answer an attempt keeps. */
export const ATTEMPT_BODY_MAX_BYTES = 2048;

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
  connection_id: number | null;
  redelivery: boolean;
}

/** The connection an event is about, from the Nango payload's `connectionId` and `providerConfigKey`. */
function connectionOf(payload: unknown): { connectionId: string; providerConfigKey: string } | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const { connectionId, providerConfigKey } = payload as Record<string, unknown>;
  return typeof connectionId === 'string' && typeof providerConfigKey === 'string' ? { connectionId, providerConfigKey } : undefined;
}

function connectionOfBody(body: string): ReturnType<typeof connectionOf> {
  try {
    return connectionOf(JSON.parse(body));
  } catch {
    return undefined;
  }
}

/** The first bytes of an answer's body, as text; the rest is discarded. */
async function bodyExcerpt(body: AsyncIterable<Buffer | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.length;
    if (size >= ATTEMPT_BODY_MAX_BYTES) break;
  }
  // An app may answer anything: what PostgreSQL cannot store must not fail the attempt's transaction. Its
  // replacement (U+FFFD) is longer than a NUL, so the kept text is cut to the byte budget once more.
  const text = storableText(Buffer.concat(chunks).subarray(0, ATTEMPT_BODY_MAX_BYTES).toString('utf8'));
  let kept = '';
  let bytes = 0;
  for (const ch of text) {
    bytes += Buffer.byteLength(ch);
    if (bytes > ATTEMPT_BODY_MAX_BYTES) break;
    kept += ch;
  }
  return kept;
}

/** A URL as the operation log shows it: no query string, no user info (either may carry a token). */
function loggedUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '';
  }
}

export class WebhookOutbox {
  constructor(
    private readonly deps: { db: Database; http: OutboundHttp; environments: EnvironmentStore; logger: Logger; operations: OperationLog; userAgent: string; backoffBaseMs?: number },
  ) {}

  /**
   * Enqueues one POST of `payload` to each URL (stable JSON bytes fixed now, signed at delivery). Pass the
   * transaction's client: the rows and their jobs then commit or roll back with the change.
   */
  async enqueue(environmentId: number, eventType: string, payload: unknown, urls: string[], q: Queryable = this.deps.db): Promise<void> {
    const body = stableStringify(payload);
    const about = connectionOf(payload);
    for (const url of urls) {
      const { rows } = await q.query<{ id: number }>(
        `insert into webhook_deliveries (environment_id, url, event_type, body, connection_id)
         values ($1, $2, $3, $4, (select c.id from connections c join integrations i on i.id = c.integration_id
                                  where c.environment_id = $1 and i.unique_key = $5 and c.connection_id = $6))
         returning id`,
        [environmentId, url, eventType, body, about?.providerConfigKey ?? null, about?.connectionId ?? null],
      );
      await this.#schedule(q, rows[0]!.id, new Date());
    }
  }

  /**
   * Many deliveries and their first attempts' jobs, plus `alsoJobs` (other jobs of the same change), in one
   * statement: the intake of incoming webhooks (issue 13 point 9) waits for it before acknowledging.
   * `connectionRowId` is the connection the payload is about (enqueue() finds it from the payload).
   */
  async enqueueBatch(
    q: Queryable,
    environmentId: number,
    deliveries: { eventType: string; payload: unknown; url: string; connectionRowId: number | null }[],
    alsoJobs: JobSpec[] = [],
  ): Promise<void> {
    if (!deliveries.length && !alsoJobs.length) return;
    await q.query(
      `with d as (
         insert into webhook_deliveries (environment_id, url, event_type, body, connection_id)
         select $1, u, e, b, c from unnest($2::text[], $3::text[], $4::text[], $5::int[]) as t(u, e, b, c)
         returning id
       )
       select count(*) from graphile_worker.add_jobs(
         array(select row($6::text, json_build_object('deliveryId', id), null, null, null, 'webhook:' || id, null, null)::graphile_worker.job_spec from d)
         || ${jobSpecsSql(7)})`,
      [
        environmentId,
        deliveries.map((x) => x.url),
        deliveries.map((x) => x.eventType),
        deliveries.map((x) => stableStringify(x.payload)),
        deliveries.map((x) => x.connectionRowId),
        JOB.webhookDelivery,
        ...jobSpecParams(alsoJobs),
      ],
    );
  }

  /**
   * POST /webhooks/deliveries/:id/redeliver: the same payload to the same URL once more, as a new attempt of
   * the same delivery (retried like any attempt while the delivery has attempts left). The row turns pending
   * and its job is enqueued in one transaction. false when the environment has no such delivery.
   */
  async redeliver(environmentId: number, deliveryId: number): Promise<boolean> {
    return this.deps.db.transaction(async (client) => {
      const { rows } = await client.query<{ id: number }>(
        `update webhook_deliveries set status = 'pending', redelivery_requested_at = now(), next_attempt_at = now()
          where id = $1 and environment_id = $2 returning id`,
        [deliveryId, environmentId],
      );
      if (!rows[0]) return false;
      await this.#schedule(client, deliveryId, new Date());
      return true;
    });
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
        `select id, environment_id, url, event_type, body, attempts, connection_id, redelivery_requested_at is not null as redelivery
           from webhook_deliveries where id = $1 and status = 'pending' for update skip locked`,
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
    let answer: string | null = null;
    const startedAt = new Date();
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
      try {
        answer = await bodyExcerpt(res.body);
      } finally {
        await res.body.dump().catch(() => {});
      }
    } catch (err) {
      error = storableText((err as Error).message);
    }
    const endedAt = new Date();
    await q.query(
      `insert into webhook_delivery_attempts (delivery_id, attempt, status, response_body, error, duration_ms, started_at, redelivery)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.id, attempts, status ?? null, answer, error ?? null, durationMs(startedAt, endedAt), startedAt, row.redelivery],
    );
    this.#recordOperation(row, attempts, startedAt, endedAt, status, error);
    if (status !== undefined && status >= 200 && status < 300) {
      await q.query(
        `update webhook_deliveries set status = 'delivered', attempts = $2, last_status = $3, last_error = null, delivered_at = now(), redelivery_requested_at = null where id = $1`,
        [row.id, attempts, status],
      );
      return;
    }
    // nango-api.md §11: a 3xx or 4xx stops retrying (except 408/429, which mean "later"); network errors and 5xx retry.
    const retryable = status === undefined || status >= 500 || status === 408 || status === 429;
    const failed = !retryable || attempts >= MAX_ATTEMPTS;
    const { rows } = await q.query<{ next_attempt_at: Date }>(
      `update webhook_deliveries set status = $2, attempts = $3, last_status = $4, last_error = $5, redelivery_requested_at = null,
         next_attempt_at = now() + ($6::int * interval '1 millisecond') where id = $1 returning next_attempt_at`,
      [row.id, failed ? 'failed' : 'pending', attempts, status ?? null, error ?? null, backoffMs(attempts, this.deps.backoffBaseMs)],
    );
    if (!failed) await this.#schedule(q, row.id, rows[0]!.next_attempt_at);
    logger.info({ delivery: row.id, url: row.url, status, error, attempts, failed }, 'webhook delivery did not succeed');
  }

  #recordOperation(row: DeliveryRow, attempt: number, startedAt: Date, endedAt: Date, status: number | undefined, error: string | undefined): void {
    const ok = status !== undefined && status >= 200 && status < 300;
    this.deps.operations.record({
      environmentId: row.environment_id,
      kind: 'webhook_delivery',
      connectionId: row.connection_id,
      providerConfigKey: connectionOfBody(row.body)?.providerConfigKey ?? null,
      status: ok ? 'success' : 'failed',
      message: `webhook ${row.event_type} to ${loggedUrl(row.url)}: ${status ?? 'no answer'}`,
      detail: {
        delivery_id: String(row.id),
        event_type: row.event_type,
        url: loggedUrl(row.url),
        attempt,
        redelivery: row.redelivery,
        status: status ?? null,
        duration_ms: durationMs(startedAt, endedAt),
        ...(error ? { error_message: clippedText(error) } : {}),
      },
      startedAt,
      endedAt,
    });
  }
}
