// The records cache (nango-api.md §8; migrations/0004_records_syncs.sql). Every write is one set-based
// statement per batch (a JSON array unnested in SQL, no per-record round trip). Invariants:
// - a record whose content hash did not change is not rewritten, so it keeps its updated_at and last_action;
// - ordering and cursors follow (updated_at, id); a batch's rows share the statement's now().
import type { Database, Queryable } from '../database/database.js';
import { encodeCursor, type RecordPosition } from './record-cursor.js';
import { TerapiError } from '../errors/terapi-error.js';
import { recordRows, type RecordRows } from '../functions/sdk/record-batch.js';

export interface BatchCounts {
  added: number;
  updated: number;
  deleted: number;
}

export type RecordFilter = 'added' | 'updated' | 'deleted';

export interface RecordPageQuery {
  connectionId: number;
  model: string;
  after?: RecordPosition | undefined;
  limit: number;
  modifiedAfter?: Date | undefined;
  filter?: Set<RecordFilter> | undefined;
  ids?: string[] | undefined;
}

export interface RecordPage {
  /** Each record already serialized as JSON (payload, id, _nango_metadata): readers concatenate, never re-parse. */
  records: string[];
  nextCursor: string | null;
}

/** "<Model>" for the base variant, "<Model>::<variant>" otherwise (nango-api.md §8.1). */
export function storedModel(model: string, variant: string | undefined): string {
  return !variant || variant === 'base' ? model : `${model}::${variant}`;
}

/** A page's row as pg returns it in array mode: [id, external_id, data, c, u, d, p] (the page query's columns, in order). */
type PageRow = [id: number, externalId: string, data: string, c: string | null, u: string, d: string | null, p: string | null];

/**
 * "2026-01-02 03:04:05.6789" (a UTC timestamp as PostgreSQL prints it) → "2026-01-02T03:04:05.678900+00:00":
 * Nango's to_json(timestamptz) at µs precision (nango-api.md §0.5), fixed width so cursors compare exactly.
 */
export function isoMicros(pgUtc: string | null): string | null {
  if (pgUtc === null) return null;
  // "YYYY-MM-DD HH:MM:SS" is 19 characters; PostgreSQL drops trailing zeros of the fraction.
  const whole = `${pgUtc.slice(0, 10)}T${pgUtc.slice(11, 19)}`;
  const frac = pgUtc.length > 20 ? pgUtc.slice(20) : '';
  return `${whole}.${frac}${'000000'.slice(frac.length)}+00:00`;
}

/**
 * One page's records, each the API record as JSON: the stored payload with `id` (the external id, a string)
 * first and `_nango_metadata` last. The rows of one batch share their timestamps (one statement's now()), so a
 * page holds long runs of equal timestamps: the metadata up to the record's own cursor is built once per run
 * (the same text, less to build and collect for each of a page's 10,000 records).
 */
function pageRecords(rows: readonly PageRow[]): string[] {
  const out = new Array<string>(rows.length);
  let lastC: string | null = null;
  let lastU = ''; // never a timestamp: the first row builds its metadata
  let lastD: string | null = null;
  let lastP: string | null = null;
  let u = '';
  let metadataUpToCursor = '';
  for (let i = 0; i < rows.length; i++) {
    const [id, externalId, data, rc, ru, rd, rp] = rows[i]!;
    if (ru !== lastU || rc !== lastC || rd !== lastD || rp !== lastP) {
      lastU = ru;
      lastC = rc;
      lastD = rd;
      lastP = rp;
      u = isoMicros(ru)!;
      // c is null when created_at = updated_at (the query prints one timestamp instead of two).
      const c = rc === null ? u : isoMicros(rc)!;
      const d = isoMicros(rd);
      const p = isoMicros(rp);
      const action = d !== null ? 'DELETED' : rc === null ? 'ADDED' : 'UPDATED';
      metadataUpToCursor = `"_nango_metadata":{"first_seen_at":"${c}","last_modified_at":"${u}","last_action":"${action}","deleted_at":${d === null ? 'null' : `"${d}"`},"pruned_at":${p === null ? 'null' : `"${p}"`},"cursor":"`;
    }
    const inner = data.length > 2 ? `${data.slice(1, -1)},` : '';
    out[i] = `{"id":${JSON.stringify(externalId)},${inner}${metadataUpToCursor}${encodeCursor({ updatedAt: u, id })}"}}`;
  }
  return out;
}

/** Records as given, or already made into rows (as the SDK sends a batch, functions/sdk/record-batch.ts). */
const asRows = (records: readonly Record<string, unknown>[] | RecordRows): RecordRows => ('payloads' in records ? records : recordRows(records));

/**
 * A batch's rows in SQL: the ids (a text[]) and the payloads' JSON array, read element by element beside them.
 * One JSON array instead of a jsonb[] literal: pg escaped every quote of every payload into the array literal and
 * PostgreSQL unescaped it again (docs/performance.md: 21–23 % less PostgreSQL CPU and 37–60 % less of this
 * process's per record). Reading each payload's id out of one JSON array of whole records, in PostgreSQL, cost it
 * more than that saved terapi's worker (docs/performance.md).
 */
const BATCH_ROWS = `select ext, d from rows from (unnest($3::text[]), jsonb_array_elements($4::jsonb)) as t(ext, d)`;

export class RecordStore {
  constructor(private readonly db: Database) {}

  /**
   * Inserts new records and rewrites changed ones (un-deleting them). `runId` marks every record seen by a
   * run that tracks deletes; only then are unchanged rows touched (their last_seen_run, never updated_at).
   */
  async save(connectionId: number, model: string, records: readonly Record<string, unknown>[] | RecordRows, opts: { runId?: number; trackSeen?: boolean } = {}, q: Queryable = this.db): Promise<BatchCounts> {
    const { ids, payloads } = asRows(records);
    if (!ids.length) return { added: 0, updated: 0, deleted: 0 };
    const changed = `records.data_hash <> excluded.data_hash or records.deleted_at is not null`;
    // The connection row is locked once for the statement (what a foreign key would do for every record,
    // migration 0011): a concurrent delete of the connection waits for this write, then deletes its records;
    // after such a delete, nothing is inserted.
    const { rows: out } = await q.query<{ connection: number; added: number; updated: number }>(
      `with c as (select id from connections where id = $1 for key share),
       up as (
         insert into records (connection_id, model, external_id, data, data_hash, created_at, updated_at, last_seen_run)
         select c.id, $2, ext, d, md5(d::text), now(), now(), $5 from (${BATCH_ROWS}) b cross join c
         on conflict (connection_id, model, external_id) do update set
           data = case when ${changed} then excluded.data else records.data end,
           data_hash = excluded.data_hash,
           updated_at = case when ${changed} then excluded.updated_at else records.updated_at end,
           deleted_at = null,
           last_seen_run = excluded.last_seen_run
         where ${changed} ${opts.trackSeen ? 'or records.last_seen_run is distinct from excluded.last_seen_run' : ''}
         returning (xmax = 0) as inserted, updated_at = now() as touched
       )
       select (select count(*) from c) as connection, count(*) filter (where inserted) as added, count(*) filter (where not inserted and touched) as updated from up`,
      [connectionId, model, ids, payloads, opts.runId ?? null],
    );
    if (!out[0]?.connection) throw new TerapiError('unknown_connection');
    return { added: out[0]?.added ?? 0, updated: out[0]?.updated ?? 0, deleted: 0 };
  }

  /** Merges partial records into existing, non-deleted ones (Nango's batchUpdate); unknown ids are ignored. */
  async update(connectionId: number, model: string, records: readonly Record<string, unknown>[] | RecordRows, q: Queryable = this.db): Promise<BatchCounts> {
    const { ids, payloads } = asRows(records);
    if (!ids.length) return { added: 0, updated: 0, deleted: 0 };
    const { rowCount } = await q.query(
      `update records set data = records.data || b.d, data_hash = md5((records.data || b.d)::text), updated_at = now()
       from (${BATCH_ROWS}) b
       where records.connection_id = $1 and records.model = $2 and records.external_id = b.ext and records.deleted_at is null
         and records.data_hash <> md5((records.data || b.d)::text)`,
      [connectionId, model, ids, payloads],
    );
    return { added: 0, updated: rowCount ?? 0, deleted: 0 };
  }

  /** Soft-deletes: the record keeps its last payload and shows as DELETED (nango-api.md §8.1). */
  async delete(connectionId: number, model: string, ids: string[], q: Queryable = this.db): Promise<BatchCounts> {
    if (!ids.length) return { added: 0, updated: 0, deleted: 0 };
    const { rowCount } = await q.query(
      `update records set deleted_at = now(), updated_at = now()
       where connection_id = $1 and model = $2 and external_id = any($3::text[]) and deleted_at is null`,
      [connectionId, model, ids.map(String)],
    );
    return { added: 0, updated: 0, deleted: rowCount ?? 0 };
  }

  /** After a complete full run with trackDeletes: whatever that run did not see is gone upstream. */
  async deleteUnseen(connectionId: number, model: string, runId: number, q: Queryable = this.db): Promise<number> {
    const { rowCount } = await q.query(
      `update records set deleted_at = now(), updated_at = now()
       where connection_id = $1 and model = $2 and deleted_at is null and last_seen_run is distinct from $3`,
      [connectionId, model, runId],
    );
    return rowCount ?? 0;
  }

  /** emptyCache / full_refresh_and_clear_cache: the models start over. */
  async clear(connectionId: number, models: string[], q: Queryable = this.db): Promise<void> {
    await q.query('delete from records where connection_id = $1 and model = any($2::text[])', [connectionId, models]);
  }

  /** Non-deleted records per model. */
  async countByModel(connectionId: number, models: string[], q: Queryable = this.db): Promise<Record<string, number>> {
    const { rows } = await q.query<{ model: string; n: number }>(
      'select model, count(*) as n from records where connection_id = $1 and model = any($2::text[]) and deleted_at is null group by model',
      [connectionId, models],
    );
    const out: Record<string, number> = Object.fromEntries(models.map((m) => [m, 0]));
    for (const r of rows) out[r.model] = r.n;
    return out;
  }

  /** One keyset page (limit + 1 rows fetched to know whether more exist). */
  async page(p: RecordPageQuery, q: Queryable = this.db): Promise<RecordPage> {
    const values: unknown[] = [p.connectionId, p.model, p.limit + 1];
    const where = ['connection_id = $1', 'model = $2'];
    const add = (sql: (n: string) => string, v: unknown) => {
      values.push(v);
      where.push(sql(`$${values.length}`));
    };
    if (p.after) {
      values.push(p.after.updatedAt, p.after.id);
      where.push(`(updated_at, id) > ($${values.length - 1}::timestamptz, $${values.length}::bigint)`);
    }
    if (p.modifiedAfter) add((n) => `updated_at >= ${n}`, p.modifiedAfter);
    if (p.ids?.length) add((n) => `external_id = any(${n}::text[])`, p.ids);
    // Filter combinations mean what they say: a record is returned when its last_action is in the set.
    if (p.filter && p.filter.size < 3) {
      const parts: string[] = [];
      if (p.filter.has('added')) parts.push('(deleted_at is null and created_at = updated_at)');
      if (p.filter.has('updated')) parts.push('(deleted_at is null and created_at <> updated_at)');
      if (p.filter.has('deleted')) parts.push('(deleted_at is not null)');
      where.push(`(${parts.join(' or ') || 'false'})`);
    }
    // Timestamps leave as UTC `timestamp` text (PostgreSQL's plain output, whatever the session time zone) and
    // the payload as jsonb text: each record is assembled here as a string, never parsed and re-serialized. Rows
    // come as arrays (PageRow): no object per row for the page's 10,000.
    const { rows } = await q.query<PageRow>({
      text: `select id, external_id, data::text as data, case when created_at <> updated_at then (created_at at time zone 'UTC')::text end as c, (updated_at at time zone 'UTC')::text as u,
         (deleted_at at time zone 'UTC')::text as d, (pruned_at at time zone 'UTC')::text as p
       from records where ${where.join(' and ')} order by updated_at, id limit $3`,
      values,
      rowMode: 'array',
    });
    const more = rows.length > p.limit;
    const page = more ? rows.slice(0, p.limit) : rows;
    const last = page[page.length - 1];
    let nextCursor: string | null = null;
    if (more && last) {
      const [id, , , , u] = last;
      nextCursor = encodeCursor({ updatedAt: isoMicros(u)!, id });
    }
    return { records: pageRecords(page), nextCursor };
  }

  /**
   * Empties payloads (metadata kept) up to and including `until`, oldest first, at most `limit`
   * (nango-api.md §8.2). has_more: something was pruned and the last pruned record is not the cursor's.
   */
  async prune(connectionId: number, model: string, until: RecordPosition, limit: number, q: Queryable = this.db): Promise<{ count: number; hasMore: boolean }> {
    const { rows: raw } = await q.query<{ id: number; u: string }>(
      `with t as (
         select id from records where connection_id = $1 and model = $2 and pruned_at is null
           and (updated_at, id) <= ($3::timestamptz, $4::bigint) order by updated_at, id limit $5
       )
       update records set data = '{}'::jsonb, pruned_at = now() from t where records.id = t.id
       returning records.id, (records.updated_at at time zone 'UTC')::text as u`,
      [connectionId, model, until.updatedAt, until.id, limit],
    );
    const rows = raw.map((r) => ({ id: r.id, u: isoMicros(r.u)! }));
    if (!rows.length) return { count: 0, hasMore: false };
    const last = rows.reduce((a, b) => (a.u > b.u || (a.u === b.u && a.id > b.id) ? a : b));
    return { count: rows.length, hasMore: !(last.id === until.id && last.u === until.updatedAt) };
  }
}
