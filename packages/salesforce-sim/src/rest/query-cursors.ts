import { randomBytes } from 'node:crypto';
import type { SoqlResult } from '../soql/run-soql.js';

type RecordsResult = Extract<SoqlResult, { kind: 'records' }>;

export interface QueryCursor {
  locator: string;
  userId: string;
  result: RecordsResult;
  batchSize: number;
}

// Salesforce lets a user keep 10 query cursors open and drops the oldest beyond that (API limits page,
// "Query cursors"; not in spec/salesforce.md): it also bounds what a long-running simulator keeps in memory.
const MAX_CURSORS_PER_USER = 10;

/** Open query locators (`01g…`) of one org; spec/salesforce.md §3.5 `nextRecordsUrl` = locator + `-` + offset. */
export class QueryCursors {
  private readonly cursors = new Map<string, QueryCursor>();

  open(userId: string, result: RecordsResult, batchSize: number): QueryCursor {
    const locator = `01g${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 15)}`;
    const cursor = { locator, userId, result, batchSize };
    this.cursors.set(locator, cursor);
    const mine = [...this.cursors.values()].filter((c) => c.userId === userId);
    for (const old of mine.slice(0, Math.max(0, mine.length - MAX_CURSORS_PER_USER))) this.cursors.delete(old.locator);
    return cursor;
  }

  get(locator: string): QueryCursor | undefined {
    return this.cursors.get(locator);
  }
}
