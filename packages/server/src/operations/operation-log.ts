// The operation log (issue 5 point 7, issue 12 point 5): one row per operation in `operations` — proxy
// calls, connects, refreshes, sync and action runs, webhooks sent and received (operation-kinds.ts) —
// written off the request's path: entries queue in memory and go to PostgreSQL in one multi-row INSERT per
// batch. One log per process, built by the composition root. What a row holds is chosen so it can never
// carry a secret: methods, paths without query strings, statuses, durations, counts, ids and registry error
// codes with their messages; never headers, query strings, bodies or credentials.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import { WriteBehind } from '../database/write-behind.js';
import type { OperationKind, OperationStatus } from './operation-kinds.js';

/** PostgreSQL SQLSTATE 40P01. */
const DEADLOCK_DETECTED = '40P01';

export interface OperationEntry {
  environmentId: number;
  kind: OperationKind;
  connectionId: number | null;
  providerConfigKey: string | null;
  status: OperationStatus;
  message: string;
  detail: Record<string, unknown>;
  startedAt: Date;
  endedAt: Date;
}

export interface OperationLogOptions {
  db: Database;
  logger: Logger;
  /** Flush at this many queued entries; default 200. */
  batchSize?: number;
  /** Flush queued entries at least this often; default 1000 ms. */
  flushIntervalMs?: number;
  /** Beyond this many queued entries new ones are dropped (and counted), so a slow database cannot exhaust memory. */
  maxQueued?: number;
}

/**
 * An entry as it waits for its batch: the JSON of one row (operation-log columns in order), made when it is
 * recorded. One string per entry instead of an object graph that lives until the flush (less for the young
 * generation to copy), and the batch goes to PostgreSQL as one JSON text (no per-value array escaping by pg).
 */
type QueuedRow = string;

/** Times as epoch milliseconds (an invalid Date becomes null, and its row fails `not null` as it did before). */
function rowJson(e: OperationEntry): QueuedRow {
  return JSON.stringify([e.environmentId, e.kind, e.connectionId, e.providerConfigKey, e.status, e.message, e.detail, e.startedAt.getTime(), e.endedAt.getTime()]);
}

/** The row is pushed onto the pending batch directly: no closure per entry. */
const alreadyAdded = (): void => {};

export class OperationLog {
  readonly #queue: WriteBehind<QueuedRow[]>;
  #dropped = 0;
  readonly #batchSize: number;
  readonly #maxQueued: number;

  constructor(private readonly opts: OperationLogOptions) {
    this.#batchSize = opts.batchSize ?? 200;
    this.#maxQueued = opts.maxQueued ?? 50_000;
    this.#queue = new WriteBehind({ empty: () => [], isEmpty: (b) => b.length === 0, write: (b) => this.#write(b), intervalMs: opts.flushIntervalMs ?? 1000 });
  }

  get dropped(): number {
    return this.#dropped;
  }

  record(entry: OperationEntry): void {
    const queued = this.#queue.pending.length;
    if (queued >= this.#maxQueued) {
      this.#dropped++;
      return;
    }
    let row: QueuedRow;
    try {
      row = rowJson(entry);
    } catch (err) {
      // A detail JSON cannot represent (a cycle, a BigInt) loses its own row, not the batch's.
      this.opts.logger.warn({ err: (err as Error).message, kind: entry.kind }, 'could not write an operation log entry');
      return;
    }
    this.#queue.pending.push(row);
    this.#queue.add(alreadyAdded, queued + 1 >= this.#batchSize);
  }

  /** Writes everything queued so far; resolves when it is in the database (or logged as lost). */
  flush(): Promise<void> {
    return this.#queue.flush();
  }

  /**
   * One INSERT … SELECT for the batch. The table has no foreign keys (migration 0012): the batch locks its
   * environments and connections once, FOR KEY SHARE as a key's check would per row. A row whose environment
   * is gone is not written (what the environment's cascade would have done to it), a row whose connection is
   * gone is written with connection_id null (what ON DELETE SET NULL would have made of it): a delete that
   * commits first is not seen by the lock, and one that comes later waits for this statement, then its
   * trigger nulls or deletes these rows too. Rows get their ids in the order they were recorded
   * (`order by ord`), which following relies on.
   * The batch is read as jsonb, parsed once: with `json`, each of the nine `->>` re-parsed its row's text
   * (34 → 24.5 µs of PostgreSQL CPU per row, docs/performance.md; the two keys were another 7–12 µs).
   */
  async #write(batch: QueuedRow[]): Promise<void> {
    const sql = `with v as materialized (select e, ord from jsonb_array_elements($1::jsonb) with ordinality as t(e, ord)),
        envs as (select id from environments where id in (select (e->>0)::int from v) order by id for key share),
        conns as (select id from connections where id in (select (e->>2)::int from v) order by id for key share)
      insert into operations (environment_id, kind, connection_id, provider_config_key, status, message, detail, started_at, ended_at)
      select envs.id, v.e->>1, conns.id, v.e->>3, v.e->>4, v.e->>5, v.e->6, to_timestamp((v.e->>7)::float8 / 1000), to_timestamp((v.e->>8)::float8 / 1000)
      from v
      join envs on envs.id = (v.e->>0)::int
      left join conns on conns.id = (v.e->>2)::int
      order by v.ord`;
    const rows = `[${batch.join(',')}]`;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.opts.db.query(sql, [rows]);
        return;
      } catch (err) {
        // A delete of several connections can lock them in another order than this batch does; PostgreSQL
        // then aborts one side, and this batch is written again after a pause that lets the delete through
        // (another process's batch may be in the same cycle and retry too).
        if ((err as { code?: string }).code === DEADLOCK_DETECTED && attempt < 3) {
          await sleep(100 * attempt);
          continue;
        }
        this.opts.logger.warn({ err: (err as Error).message, lost: batch.length }, 'could not write operation log entries');
        return;
      }
    }
  }

  close(): Promise<void> {
    return this.#queue.close();
  }
}
