// SOQL paging with the response headers in view (spec/salesforce.md §3.5): `query` or `queryAll`, then
// `nextRecordsUrl` until `done`. Each page goes through the budget guard first, so a run stops between pages.
import type { ActionHelper } from '../../../functions/sdk/index.js';
import type { ApiBudget } from './api-budget.js';

export const API_VERSION = 'v60.0';

export interface SoqlRecord {
  Id: string;
  IsDeleted?: boolean;
  SystemModstamp: string;
  [field: string]: unknown;
}

export interface SoqlPage<R = SoqlRecord> {
  records: R[];
  totalSize: number;
  done: boolean;
  headers: Record<string, string>;
}

type QueryBody<R> = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: (R & { attributes?: unknown })[] };

/** Yields each page of a SOQL query; stops (without reading on) when `budget` says the reserve is reached. */
export async function* soqlPages<R = SoqlRecord>(nango: ActionHelper<any>, soql: string, opts: { all?: boolean; budget?: ApiBudget } = {}): AsyncGenerator<SoqlPage<R>> {
  let next: string | undefined;
  do {
    if (opts.budget && !opts.budget.allows()) return;
    const res = next
      ? await nango.get<QueryBody<R>>({ endpoint: next })
      : await nango.get<QueryBody<R>>({ endpoint: `/services/data/${API_VERSION}/${opts.all ? 'queryAll' : 'query'}`, params: { q: soql } });
    opts.budget?.observe(res.headers);
    const records = res.data.records.map(({ attributes: _a, ...r }) => r as R);
    yield { records, totalSize: res.data.totalSize, done: res.data.done, headers: res.headers };
    next = res.data.done ? undefined : res.data.nextRecordsUrl;
  } while (next);
}
