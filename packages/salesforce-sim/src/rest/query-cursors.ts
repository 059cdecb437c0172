import { randomBytes } from 'node:crypto';
import type { SoqlResult } from '../soql/run-soql.js';

type RecordsResult = Extract<SoqlResult, { kind: 'records' }>;

export interface QueryCursor {
  locator: string;
  result: RecordsResult;
  batchSize: number;
}

// Bounded so a long-running simulator does not keep every query ever run.
const MAX_CURSORS = 5000;

/** Open query locators (`01g…`) of one org; spec/salesforce.md §3.5 `nextRecordsUrl` = locator + `-` + offset. */
export class QueryCursors {
  private readonly cursors = new Map<string, QueryCursor>();

  open(result: RecordsResult, batchSize: number): QueryCursor {
    const locator = `01g${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 15)}`;
    const cursor = { locator, result, batchSize };
    this.cursors.set(locator, cursor);
    if (this.cursors.size > MAX_CURSORS) this.cursors.delete(this.cursors.keys().next().value!);
    return cursor;
  }

  get(locator: string): QueryCursor | undefined {
    return this.cursors.get(locator);
  }
}
