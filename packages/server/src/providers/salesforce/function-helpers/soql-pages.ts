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

/**
 * Yields each page of a SOQL query; stops (without reading on) when `budget` says the reserve is reached. The next
 * page is requested while the caller handles this one, so Salesforce's latency and the caller's saving overlap; the
 * budget is checked before each request, as before.
 */
export async function* soqlPages<R = SoqlRecord>(nango: ActionHelper<any>, soql: string, opts: { all?: boolean; budget?: ApiBudget } = {}): AsyncGenerator<SoqlPage<R>> {
  const allows = () => !opts.budget || opts.budget.allows();
  const request = (next: string | undefined) => {
    const p = next
      ? nango.get<QueryBody<R>>({ endpoint: next })
      : nango.get<QueryBody<R>>({ endpoint: `/services/data/${API_VERSION}/${opts.all ? 'queryAll' : 'query'}`, params: { q: soql } });
    // A request the caller never awaits (it stopped iterating) must not become an unhandled rejection.
    p.catch(() => {});
    return p;
  };
  if (!allows()) return;
  let pending = request(undefined);
  for (;;) {
    const res = await pending;
    opts.budget?.observe(res.headers);
    const records = res.data.records.map(({ attributes: _a, ...r }) => r as R);
    const next = res.data.done ? undefined : res.data.nextRecordsUrl;
    const following = next && allows() ? request(next) : undefined;
    yield { records, totalSize: res.data.totalSize, done: res.data.done, headers: res.headers };
    if (!following) return;
    pending = following;
  }
}
