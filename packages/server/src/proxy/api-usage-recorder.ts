// issue 5 point 6: the latest API usage each response reports, kept per connection and written to
// `connections.api_usage` (and the hour's sample in connection_api_usage_samples) in one statement per flush, off the request's path (spec/salesforce.md §3.12 —
// the header is on every REST response, so writing per response would double the database load).
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import type { ApiUsageReading } from '../providers/provider-hooks.js';
import { WriteBehind } from '../database/write-behind.js';

export interface StoredApiUsage extends ApiUsageReading {
  remaining: number;
  updated_at: string;
}

/** The latest reading of a connection as it waits for the flush (made into StoredApiUsage only then). */
interface PendingReading {
  reading: ApiUsageReading;
  atMs: number;
}

/** The reading is set on the pending batch directly: no closure per response. */
const alreadyAdded = (): void => {};

export class ApiUsageRecorder {
  readonly #queue: WriteBehind<Map<number, PendingReading>>;

  constructor(private readonly opts: { db: Database; logger: Logger; flushIntervalMs?: number }) {
    this.#queue = new WriteBehind({ empty: () => new Map(), isEmpty: (b) => b.size === 0, write: (b) => this.#write(b), intervalMs: opts.flushIntervalMs ?? 1000 });
  }

  /** Per proxied response: only the latest reading of each connection is kept until the flush. */
  record(connectionId: number, reading: ApiUsageReading, at?: Date): void {
    this.#queue.pending.set(connectionId, { reading, atMs: at ? at.getTime() : Date.now() });
    this.#queue.add(alreadyAdded);
  }

  flush(): Promise<void> {
    return this.#queue.flush();
  }

  async #write(batch: Map<number, PendingReading>): Promise<void> {
    const usages = [...batch.values()].map(({ reading, atMs }): StoredApiUsage => ({ used: reading.used, max: reading.max, remaining: Math.max(0, reading.max - reading.used), updated_at: new Date(atMs).toISOString() }));
    try {
      // One statement: the latest reading on the connection, and the hour's sample (the last reading of the
      // hour wins) for the usage-over-time chart. A connection deleted meanwhile drops out of both.
      await this.opts.db.query(
        `with v as (select unnest($1::int[]) as id, unnest($2::jsonb[]) as usage),
              latest as (update connections c set api_usage = v.usage from v where c.id = v.id returning c.id, v.usage)
         insert into connection_api_usage_samples (connection_id, hour, used, max)
         select id, date_trunc('hour', (usage->>'updated_at')::timestamptz), (usage->>'used')::int, (usage->>'max')::int from latest
         on conflict (connection_id, hour) do update set used = excluded.used, max = excluded.max`,
        [[...batch.keys()], usages.map((u) => JSON.stringify(u))],
      );
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'could not record API usage');
    }
  }

  close(): Promise<void> {
    return this.#queue.close();
  }
}
