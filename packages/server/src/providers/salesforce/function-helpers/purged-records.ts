// Rows gone from the recycle bin (hard delete, emptied bin) no longer show in queryAll; `/sobjects/{Type}/deleted/`
// still lists them for 15 days (spec/salesforce.md §3.7). Its window starts where the previous check ended
// (`latestDateCovered`); a start older than the window means deletions may have been missed: a full reconciliation.
import type { ActionHelper } from '../../../functions/sdk/index.js';
import type { ApiBudget } from './api-budget.js';
import { API_VERSION } from './soql-pages.js';

const MINUTE = 60_000;
const DELETED_WINDOW_MS = 15 * 24 * 3600_000;
/** Margin so that a start close to the window's edge is not refused while the request travels. */
const EDGE_MS = 10 * MINUTE;

export type PurgeCheck =
  | { kind: 'checked'; ids: string[]; coveredUntil: string }
  | { kind: 'too-old' }
  | { kind: 'skipped' };

const iso = (ms: number) => new Date(ms).toISOString();

/** Deleted ids of `object` between `since` and `serverNow`, or 'too-old' when `since` left getDeleted's window. */
export async function purgedSince(nango: ActionHelper<any>, object: string, since: string, serverNow: number, budget: ApiBudget): Promise<PurgeCheck> {
  const start = Date.parse(since);
  if (start < serverNow - DELETED_WINDOW_MS + EDGE_MS) return { kind: 'too-old' };
  // The window counts whole minutes and must span more than one (§3.7).
  if (Math.floor(serverNow / MINUTE) - Math.floor(start / MINUTE) < 2) return { kind: 'skipped' };
  if (!budget.allows()) return { kind: 'skipped' };
  try {
    const res = await nango.get<{ deletedRecords: { id: string }[]; latestDateCovered: string }>({
      endpoint: `/services/data/${API_VERSION}/sobjects/${object}/deleted/`,
      params: { start: iso(start), end: iso(serverNow) },
    });
    budget.observe(res.headers);
    return { kind: 'checked', ids: res.data.deletedRecords.map((r) => r.id), coveredUntil: iso(Date.parse(res.data.latestDateCovered.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))) };
  } catch (err) {
    if (JSON.stringify((err as { response?: { data?: unknown } }).response?.data ?? '').includes('INVALID_REPLICATION_DATE')) return { kind: 'too-old' };
    throw err;
  }
}

/** Server time from the `Date` header of a Salesforce response (RFC 9110 §6.6.1), or this machine's clock. */
export function serverTime(headers: Record<string, string>): number {
  const t = headers.date ? Date.parse(headers.date) : NaN;
  return Number.isNaN(t) ? Date.now() : t;
}
