// Bulk API 2.0 query jobs (spec/salesforce.md §4): create, poll until JobComplete, then read the CSV result in
// pages linked by `Sforce-Locator` (the last page says the literal `null`). One page at a time is held in memory,
// so memory stays flat whatever the number of records. A job Bulk refuses (compound fields, objects it does not
// support…) or that fails is reported as `unsupported` with Salesforce's reason, for the caller to use REST.
import type { ActionHelper } from '../../../functions/sdk/index.js';
import type { ApiBudget } from './api-budget.js';
import { csvValue, parseCsvTyped } from './csv-rows.js';
import { API_VERSION, type SoqlRecord } from './soql-pages.js';

/** Rows per result page: Estuary's choice (spec §4.4), well under Salesforce's size bound. */
export const BULK_PAGE_ROWS = 25_000;
const POLL_FIRST_MS = 100;
const POLL_MAX_MS = 5_000;
const POLL_DEADLINE_MS = 30 * 60_000;

export interface BulkPosition {
  jobId: string;
  /** Locator of the next page; undefined for the first. */
  locator?: string;
}

export type BulkOutcome = { kind: 'complete' } | { kind: 'stopped' } | { kind: 'unsupported'; reason: string };

const reasonOf = (err: unknown): string | undefined => {
  const res = (err as { response?: { status?: number; data?: unknown } }).response;
  if (!res || res.status !== 400) return undefined;
  const body = Array.isArray(res.data) ? res.data[0] : res.data;
  return typeof body === 'object' && body && 'message' in body ? `${(body as { errorCode?: string }).errorCode ?? 'ERROR'}: ${String((body as { message: unknown }).message)}` : JSON.stringify(res.data);
};

export async function bulkQuery(
  nango: ActionHelper<any>,
  soql: string,
  types: Map<string, string>,
  opts: { budget: ApiBudget; resume?: BulkPosition; onJob?(jobId: string): Promise<void>; onPage(rows: SoqlRecord[], next: BulkPosition | undefined): Promise<void> },
): Promise<BulkOutcome> {
  const base = `/services/data/${API_VERSION}/jobs/query`;
  let jobId = opts.resume?.jobId;
  if (!jobId) {
    if (!opts.budget.allows()) return { kind: 'stopped' };
    try {
      const res = await nango.post<{ id: string }>({ endpoint: base, data: { operation: 'query', query: soql } });
      opts.budget.observe(res.headers);
      jobId = res.data.id;
      await opts.onJob?.(jobId);
    } catch (err) {
      const reason = reasonOf(err);
      if (reason) return { kind: 'unsupported', reason };
      throw err;
    }
  }
  const started = Date.now();
  for (let wait = POLL_FIRST_MS; ; wait = Math.min(wait * 2, POLL_MAX_MS)) {
    if (!opts.budget.allows()) return { kind: 'stopped' };
    let info;
    try {
      info = await nango.get<{ state: string; errorMessage?: string }>({ endpoint: `${base}/${jobId}` });
    } catch (err) {
      // A job resumed from a checkpoint may have been deleted meanwhile (Salesforce keeps them 7 days).
      if (opts.resume && (err as { response?: { status?: number } }).response?.status === 404) return { kind: 'unsupported', reason: `job ${jobId} no longer exists` };
      throw err;
    }
    opts.budget.observe(info.headers);
    if (info.data.state === 'JobComplete') break;
    if (info.data.state === 'Failed' || info.data.state === 'Aborted') return { kind: 'unsupported', reason: `job ${jobId} ${info.data.state}${info.data.errorMessage ? `: ${info.data.errorMessage}` : ''}` };
    if (Date.now() - started > POLL_DEADLINE_MS) throw new Error(`Bulk query job ${jobId} was not complete after ${POLL_DEADLINE_MS / 60_000} minutes (state ${info.data.state}).`);
    await new Promise((r) => setTimeout(r, wait));
  }
  // The next page is requested while this one is saved (at most two pages in memory): Salesforce's latency and
  // the saving overlap. The budget is checked before each request.
  const request = (locator: string | undefined) => {
    const p = nango.get<string>({
      endpoint: `${base}/${jobId}/results`,
      params: { maxRecords: BULK_PAGE_ROWS, ...(locator ? { locator } : {}) },
      headers: { accept: 'text/csv' },
    });
    p.catch(() => {}); // awaited below; if onPage throws first, not an unhandled rejection
    return p;
  };
  if (!opts.budget.allows()) return { kind: 'stopped' };
  let pending = request(opts.resume?.locator);
  for (;;) {
    const res = await pending;
    opts.budget.observe(res.headers);
    const rows = parseCsvTyped(String(res.data), (field, value) => csvValue(value, types.get(field))) as SoqlRecord[];
    const next = res.headers['sforce-locator'];
    const more = next !== undefined && next !== '' && next !== 'null';
    const following = more && opts.budget.allows() ? request(next) : undefined;
    await opts.onPage(rows, more ? { jobId, locator: next } : undefined);
    if (!more) return { kind: 'complete' };
    if (!following) return { kind: 'stopped' };
    pending = following;
  }
}
