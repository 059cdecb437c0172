// Reading the operation log (issue 12 point 5): a page newest first by (started_at desc, id desc) after a
// keyset cursor, what is new after an id (following), and one row in full. Each filter is served by an index
// in that order (migrations/0008_operation_log_indexes.sql), so a page reads about `limit` rows at any depth.
import type { Database } from '../database/database.js';
import { encodeIdCursor, encodeKeyset, keysetMicros, keysetTimestamp, type KeysetPosition } from '../database/keyset-cursor.js';
import type { OperationKind, OperationStatus } from './operation-kinds.js';

export interface OperationFilter {
  kind?: OperationKind | undefined;
  status?: OperationStatus | undefined;
  /** The integration's unique key. */
  providerConfigKey?: string | undefined;
  /** The connection's id (the app's `connection_id`). */
  connectionId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface OperationSummary {
  id: string;
  kind: OperationKind;
  status: OperationStatus;
  message: string | null;
  provider_config_key: string | null;
  connection_id: string | null;
  started_at: string;
  ended_at: string | null;
  duration_ms: number | null;
}

export interface OperationDetail extends OperationSummary {
  detail: Record<string, unknown>;
}

export interface OperationPage {
  operations: OperationSummary[];
  /** The next (older) page, or null at the end. */
  next_cursor: string | null;
  /** Pass as `after` to get what is logged from now on. */
  following: string;
}

const COLUMNS = `o.id::text as id, o.kind, o.status, o.message, o.provider_config_key, c.connection_id,
  o.started_at, o.ended_at, (o.detail->>'duration_ms')::float8 as duration_ms, ${keysetMicros('o.started_at')} as micros`;

interface Row extends Omit<OperationSummary, 'started_at' | 'ended_at'> {
  started_at: Date;
  ended_at: Date | null;
  micros: string;
  detail?: Record<string, unknown>;
}

const summary = (r: Row): OperationSummary => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  message: r.message,
  provider_config_key: r.provider_config_key,
  connection_id: r.connection_id,
  started_at: r.started_at.toISOString(),
  ended_at: r.ended_at?.toISOString() ?? null,
  duration_ms: r.duration_ms,
});

export class OperationQuery {
  constructor(private readonly db: Database) {}

  /** The `where` of a filter; `values` starts with the environment id. */
  async #where(environmentId: number, f: OperationFilter): Promise<{ where: string[]; values: unknown[] } | undefined> {
    const where = ['o.environment_id = $1'];
    const values: unknown[] = [environmentId];
    const add = (sql: (p: string) => string, v: unknown) => {
      values.push(v);
      where.push(sql(`$${values.length}`));
    };
    if (f.connectionId !== undefined) {
      // Resolved first, so the log is read through its connection index: one connection id may exist in
      // several integrations of the environment.
      const { rows } = await this.db.query<{ id: number }>(
        `select c.id from connections c join integrations i on i.id = c.integration_id
          where c.environment_id = $1 and c.connection_id = $2 and ($3::text is null or i.unique_key = $3)`,
        [environmentId, f.connectionId, f.providerConfigKey ?? null],
      );
      if (!rows.length) return undefined;
      if (rows.length === 1) add((p) => `o.connection_id = ${p}`, rows[0]!.id);
      else add((p) => `o.connection_id = any(${p}::int[])`, rows.map((r) => r.id));
    }
    if (f.kind !== undefined) add((p) => `o.kind = ${p}`, f.kind);
    if (f.status !== undefined) add((p) => `o.status = ${p}`, f.status);
    if (f.providerConfigKey !== undefined) add((p) => `o.provider_config_key = ${p}`, f.providerConfigKey);
    if (f.from !== undefined) add((p) => `o.started_at >= ${p}`, f.from);
    if (f.to !== undefined) add((p) => `o.started_at < ${p}`, f.to);
    return { where, values };
  }

  async page(environmentId: number, f: OperationFilter, limit: number, after?: KeysetPosition): Promise<OperationPage> {
    const w = await this.#where(environmentId, f);
    if (!w) return { operations: [], next_cursor: null, following: encodeIdCursor(await this.#head()) };
    const { where, values } = w;
    if (after) {
      values.push(after.micros, after.id);
      where.push(`(o.started_at, o.id) < (${keysetTimestamp(`$${values.length - 1}`)}, $${values.length}::bigint)`);
    }
    values.push(limit + 1);
    const rows = await this.#withHead(
      `select ${COLUMNS} from operations o left join connections c on c.id = o.connection_id
        where ${where.join(' and ')} order by o.started_at desc, o.id desc limit $${values.length}`,
      values,
    );
    const more = rows.rows.length > limit;
    const page = rows.rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      operations: page.map(summary),
      next_cursor: more && last ? encodeKeyset({ micros: last.micros, id: last.id }) : null,
      following: encodeIdCursor(rows.head),
    };
  }

  /** What was logged after id `afterId`, oldest first (live following). */
  async following(environmentId: number, f: OperationFilter, afterId: string, limit: number): Promise<{ operations: OperationSummary[]; following: string }> {
    const w = await this.#where(environmentId, f);
    if (!w) return { operations: [], following: encodeIdCursor(afterId) };
    const { where, values } = w;
    values.push(afterId);
    where.push(`o.id > $${values.length}::bigint`);
    values.push(limit);
    const { rows, head } = await this.#withHead(
      `select ${COLUMNS} from operations o left join connections c on c.id = o.connection_id
        where ${where.join(' and ')} order by o.id limit $${values.length}`,
      values,
    );
    // A full answer continues after its last row; a short one saw every matching row up to the head, so the
    // next poll starts there (rows the filter skipped are not read again).
    const next = rows.length === limit ? rows[rows.length - 1]!.id : BigInt(head) > BigInt(afterId) ? head : afterId;
    return { operations: rows.map(summary), following: encodeIdCursor(next) };
  }

  async get(environmentId: number, id: string): Promise<OperationDetail | undefined> {
    const { rows } = await this.db.query<Row>(
      `select ${COLUMNS}, o.detail from operations o left join connections c on c.id = o.connection_id where o.environment_id = $1 and o.id = $2::bigint`,
      [environmentId, id],
    );
    const r = rows[0];
    return r ? { ...summary(r), detail: r.detail ?? {} } : undefined;
  }

  /**
   * The rows of `sql` and the log's newest id, read in one statement (one snapshot), so a following cursor
   * made from the head misses nothing committed after the rows were read.
   */
  async #withHead(sql: string, values: unknown[]): Promise<{ rows: Row[]; head: string }> {
    const { rows } = await this.db.query<Row & { head: string }>(
      `select h.head, p.* from (select coalesce(max(id), 0)::text as head from operations) h left join lateral (${sql}) p on true`,
      values,
    );
    return { rows: rows.filter((r) => r.id !== null), head: rows[0]?.head ?? '0' };
  }

  async #head(): Promise<string> {
    const { rows } = await this.db.query<{ head: string }>('select coalesce(max(id), 0)::text as head from operations');
    return rows[0]!.head;
  }
}
