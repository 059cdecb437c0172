// issue 5 point 6: the latest API usage each response reports, kept per connection and written to
// `connections.api_usage` in one UPDATE per flush, off the request's path (spec/salesforce.md §3.12 —
// the header is on every REST response, so writing per response would double the database load).
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import type { ApiUsageReading } from '../providers/provider-hooks.js';

export interface StoredApiUsage extends ApiUsageReading {
  remaining: number;
  updated_at: string;
}

export class ApiUsageRecorder {
  #pending = new Map<number, StoredApiUsage>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: { db: Database; logger: Logger; flushIntervalMs?: number }) {}

  record(connectionId: number, reading: ApiUsageReading, at = new Date()): void {
    this.#pending.set(connectionId, { used: reading.used, max: reading.max, remaining: Math.max(0, reading.max - reading.used), updated_at: at.toISOString() });
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.opts.flushIntervalMs ?? 1000);
      this.#timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const batch = this.#pending;
    this.#pending = new Map();
    this.#flushing = this.#flushing.then(() => (batch.size ? this.#write(batch) : undefined));
    return this.#flushing;
  }

  async #write(batch: Map<number, StoredApiUsage>): Promise<void> {
    try {
      await this.opts.db.query(
        `update connections c set api_usage = v.usage
           from (select unnest($1::int[]) as id, unnest($2::jsonb[]) as usage) v
          where c.id = v.id`,
        [[...batch.keys()], [...batch.values()].map((u) => JSON.stringify(u))],
      );
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'could not record API usage');
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
