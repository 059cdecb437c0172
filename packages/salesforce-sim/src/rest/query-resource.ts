import { runSoql, projectRecord } from '../soql/run-soql.js';
import { SoqlError } from '../soql/soql-error.js';
import type { RestContext } from './rest-context.js';
import { restError, type RestResponse } from './rest-response.js';
import type { QueryCursor } from './query-cursors.js';

// spec/salesforce.md §3.5: default 2,000 per batch; Sforce-Query-Options batchSize between 200 and 2,000 (§3.5, S21).
const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;

export function batchSizeFrom(header: string | string[] | undefined): number {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const m = /batchSize\s*=\s*(\d+)/i.exec(text);
  if (!m) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(m[1])));
}

/** `GET /query?q=` and `/queryAll?q=` (spec/salesforce.md §3.5). */
export function queryResource(ctx: RestContext, q: string | undefined, includeDeleted: boolean): RestResponse {
  if (q === undefined || q.trim() === '') {
    return restError(400, 'MALFORMED_QUERY', "A query string has to be specified");
  }
  let result;
  try {
    result = runSoql(ctx.data, q, { includeDeleted });
  } catch (e) {
    if (e instanceof SoqlError) return restError(400, e.errorCode, e.message);
    throw e;
  }
  if (result.kind === 'count') return { status: 200, body: { totalSize: result.totalSize, done: true, records: [] } };
  if (result.kind === 'aggregate') return { status: 200, body: { totalSize: 1, done: true, records: [result.record] } };
  const batchSize = batchSizeFrom(ctx.headers['sforce-query-options']);
  if (result.rows.length <= batchSize) {
    return { status: 200, body: { totalSize: result.rows.length, done: true, records: result.rows.map((r) => projectRecord(ctx.data, result, r, ctx.version)) } };
  }
  return page(ctx, ctx.cursors.open(ctx.user.id, result, batchSize), 0);
}

/** `GET /query/01g…-2000`: the next batch of an open locator; queryAll's locators also live under /query/. */
export function queryMoreResource(ctx: RestContext, locatorAndOffset: string): RestResponse {
  const m = /^(01g[A-Za-z0-9]+)-(\d+)$/.exec(locatorAndOffset);
  const cursor = m ? ctx.cursors.get(m[1]!) : undefined;
  if (!m || !cursor) return restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  const offset = Number(m[2]);
  if (offset > cursor.result.rows.length) return restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  const header = ctx.headers['sforce-query-options'];
  return page(ctx, header === undefined ? cursor : { ...cursor, batchSize: batchSizeFrom(header) }, offset);
}

function page(ctx: RestContext, cursor: QueryCursor, offset: number): RestResponse {
  const { result } = cursor;
  const end = Math.min(result.rows.length, offset + cursor.batchSize);
  const records = [];
  for (let i = offset; i < end; i++) {
    const row = result.rows[i]!;
    // A composite rollback may have removed rows an open locator still lists.
    if (row < result.table.size) records.push(projectRecord(ctx.data, result, row, ctx.version));
  }
  const done = end >= result.rows.length;
  return {
    status: 200,
    body: {
      totalSize: result.rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${ctx.version}/query/${cursor.locator}-${end}` }),
      records,
    },
  };
}
