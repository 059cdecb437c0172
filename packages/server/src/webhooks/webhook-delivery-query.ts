// Reading the webhook outbox (issue 12 point 6): deliveries newest first by id after a keyset cursor,
// filtered by status or connection (indexes in migrations/0008), and one delivery with every attempt and the
// app's answers. The signing key is never stored with a delivery, so nothing here can hold it.
import type { Database } from '../database/database.js';
import { encodeIdCursor } from '../database/keyset-cursor.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryFilter {
  status?: DeliveryStatus | undefined;
  /** The connection's id (the app's `connection_id`). */
  connectionId?: string | undefined;
}

export interface DeliverySummary {
  id: string;
  event_type: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  connection_id: string | null;
  provider_config_key: string | null;
  created_at: string;
  delivered_at: string | null;
  /** When the next attempt runs (pending deliveries). */
  next_attempt_at: string | null;
}

export interface DeliveryAttempt {
  attempt: number;
  status: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number;
  started_at: string;
  redelivery: boolean;
}

export interface DeliveryDetail extends DeliverySummary {
  payload: unknown;
  attempt_history: DeliveryAttempt[];
}

const COLUMNS = `d.id::text as id, d.event_type, d.url, d.status, d.attempts, d.last_status, d.last_error, c.connection_id,
  i.unique_key as provider_config_key, d.created_at, d.delivered_at, d.next_attempt_at`;
const FROM = `webhook_deliveries d left join connections c on c.id = d.connection_id left join integrations i on i.id = c.integration_id`;

interface Row extends Omit<DeliverySummary, 'created_at' | 'delivered_at' | 'next_attempt_at'> {
  created_at: Date;
  delivered_at: Date | null;
  next_attempt_at: Date;
  body?: string;
}

const summary = (r: Row): DeliverySummary => ({
  id: r.id,
  event_type: r.event_type,
  url: r.url,
  status: r.status,
  attempts: r.attempts,
  last_status: r.last_status,
  last_error: r.last_error,
  connection_id: r.connection_id,
  provider_config_key: r.provider_config_key,
  created_at: r.created_at.toISOString(),
  delivered_at: r.delivered_at?.toISOString() ?? null,
  next_attempt_at: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
});

export class WebhookDeliveryQuery {
  constructor(private readonly db: Database) {}

  async page(environmentId: number, f: DeliveryFilter, limit: number, beforeId?: string): Promise<{ deliveries: DeliverySummary[]; next_cursor: string | null }> {
    const where = ['d.environment_id = $1'];
    const values: unknown[] = [environmentId];
    const add = (sql: (p: string) => string, v: unknown) => {
      values.push(v);
      where.push(sql(`$${values.length}`));
    };
    if (f.connectionId !== undefined) {
      const { rows } = await this.db.query<{ id: number }>('select id from connections where environment_id = $1 and connection_id = $2', [environmentId, f.connectionId]);
      if (!rows.length) return { deliveries: [], next_cursor: null };
      add((p) => `d.connection_id = any(${p}::int[])`, rows.map((r) => r.id));
    }
    if (f.status !== undefined) add((p) => `d.status = ${p}`, f.status);
    if (beforeId !== undefined) add((p) => `d.id < ${p}::bigint`, beforeId);
    values.push(limit + 1);
    const { rows } = await this.db.query<Row>(`select ${COLUMNS} from ${FROM} where ${where.join(' and ')} order by d.id desc limit $${values.length}`, values);
    const page = rows.slice(0, limit);
    return { deliveries: page.map(summary), next_cursor: rows.length > limit ? encodeIdCursor(page[page.length - 1]!.id) : null };
  }

  async get(environmentId: number, id: string): Promise<DeliveryDetail | undefined> {
    const { rows } = await this.db.query<Row>(`select ${COLUMNS}, d.body from ${FROM} where d.environment_id = $1 and d.id = $2::bigint`, [environmentId, id]);
    const r = rows[0];
    if (!r) return undefined;
    const attempts = await this.db.query<Omit<DeliveryAttempt, 'started_at'> & { started_at: Date }>(
      'select attempt, status, response_body, error, duration_ms, started_at, redelivery from webhook_delivery_attempts where delivery_id = $1 order by id',
      [id],
    );
    let payload: unknown;
    try {
      payload = JSON.parse(r.body ?? 'null');
    } catch {
      payload = r.body;
    }
    return { ...summary(r), payload, attempt_history: attempts.rows.map((a) => ({ ...a, started_at: a.started_at.toISOString() })) };
  }
}
