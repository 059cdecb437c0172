// The operation log (issue 5 point 7): one row per proxied call in `operations`, written off the request's
// path — entries queue in memory and go to PostgreSQL in one multi-row INSERT per batch. What a row holds
// is chosen so it can never carry a secret: method, path without query string, statuses, duration,
// retries and ids; never headers, query strings or bodies.
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import { WriteBehind } from '../database/write-behind.js';

export interface OperationEntry {
  environmentId: number;
  kind: string;
  connectionId: number | null;
  providerConfigKey: string | null;
  /** 'success' or 'failed'. */
  status: 'success' | 'failed';
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

export class OperationLog {
  readonly #queue: WriteBehind<OperationEntry[]>;
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
    this.#queue.add((pending) => pending.push(entry), queued + 1 >= this.#batchSize);
  }

  /** Writes everything queued so far; resolves when it is in the database (or logged as lost). */
  flush(): Promise<void> {
    return this.#queue.flush();
  }

  async #write(batch: OperationEntry[]): Promise<void> {
    const cols = 9;
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const e of batch) {
      const n = values.length;
      rows.push(`(${Array.from({ length: cols }, (_, i) => `$${n + i + 1}`).join(', ')})`);
      values.push(e.environmentId, e.kind, e.connectionId, e.providerConfigKey, e.status, e.message, JSON.stringify(e.detail), e.startedAt, e.endedAt);
    }
    try {
      await this.opts.db.query(
        `insert into operations (environment_id, kind, connection_id, provider_config_key, status, message, detail, started_at, ended_at) values ${rows.join(', ')}`,
        values,
      );
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message, lost: batch.length }, 'could not write operation log entries');
    }
  }

  close(): Promise<void> {
    return this.#queue.close();
  }
}
