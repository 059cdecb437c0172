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

export class ApiUsageRecorder {
  readonly #queue: WriteBehind<Map<number, StoredApiUsage>>;

  constructor(private readonly opts: { db: Database; logger: Logger; flushIntervalMs?: number }) {
    this.#queue = new WriteBehind({ empty: () => new Map(), isEmpty: (b) => b.size === 0, write: (b) => this.#write(b), intervalMs: opts.flushIntervalMs ?? 1000 });
  }

  record(connectionId: number, reading: ApiUsageReading, at = new Date()): void {
    const usage = { used: reading.used, max: reading.max, remaining: Math.max(0, reading.max - reading.used), updated_at: at.toISOString() };
    this.#queue.add((pending) => pending.set(connectionId, usage));
  }

  flush(): Promise<void> {
    return this.#queue.flush();
  }

  async #write(batch: Map<number, StoredApiUsage>): Promise<void> {
    try {
      // One statement: the latest reading on the connection, and the hour's sample (the last reading of the
      // hour wins) for the usage-over-time chart. A connection deleted meanwhile drops out of both.
      await this.opts.db.query(
        `with v as (select unnest($1::int[]) as id, unnest($2::jsonb[]) as usage),
              latest as (update connections c set api_usage = v.usage from v where c.id = v.id returning c.id, v.usage)
         insert into connection_api_usage_samples (connection_id, hour, used, max)
         select id, date_trunc('hour', (usage->>'updated_at')::timestamptz), (usage->>'used')::int, (usage->>'max')::int from latest
         on conflict (connection_id, hour) do update set used = excluded.used, max = excluded.max`,
        [[...batch.keys()], [...batch.values()].map((u) => JSON.stringify(u))],
      );
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'could not record API usage');
    }
  }

  close(): Promise<void> {
    return this.#queue.close();
  }
}
