import { formatRestDatetime, parseDatetime } from '../data/salesforce-datetime.js';
import type { RestContext } from './rest-context.js';
import { notFound, restError, type RestResponse } from './rest-response.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
// spec/salesforce.md §3.7: deleted reaches 15 days back, updated 30; both stop at 600,000 ids.
const DELETED_WINDOW = 15 * DAY;
const UPDATED_WINDOW = 30 * DAY;
const MAX_IDS = 600_000;

type Window = { start: number; end: number; now: number } | RestResponse;

/** Parses `start`/`end`; seconds are truncated and start must precede end (spec/salesforce.md §3.7). */
function window(ctx: RestContext, start: string | undefined, end: string | undefined): Window {
  if (start === undefined || end === undefined) {
    return restError(400, 'MISSING_ARGUMENT', `Missing required parameter: ${start === undefined ? 'start' : 'end'}`);
  }
  const s = parseDatetime(start);
  const e = parseDatetime(end);
  if (s === undefined || e === undefined) {
    return restError(400, 'INVALID_REPLICATION_DATE', `Invalid date: ${s === undefined ? start : end}`);
  }
  const ts = Math.floor(s / MINUTE) * MINUTE;
  const te = Math.floor(e / MINUTE) * MINUTE;
  if (ts >= te) return restError(400, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute');
  return { start: ts, end: te, now: ctx.data.now() };
}

const isError = (w: Window): w is RestResponse => 'status' in w;

/** `GET /sobjects/{Type}/deleted/?start=&end=` */
export function deletedResource(ctx: RestContext, type: string, start: string | undefined, end: string | undefined): RestResponse {
  const table = ctx.data.table(type);
  if (!table) return notFound();
  const w = window(ctx, start, end);
  if (isError(w)) return w;
  const earliest = Math.floor((w.now - DELETED_WINDOW) / MINUTE) * MINUTE;
  if (w.start < earliest) {
    return restError(400, 'INVALID_REPLICATION_DATE', `startDate cannot be earlier than earliestDateAvailable: ${formatRestDatetime(earliest)}`);
  }
  const latest = Math.min(w.end, Math.floor(w.now / MINUTE) * MINUTE);
  const deletedRecords: { id: string; deletedDate: string }[] = [];
  for (let row = 0; row < table.size; row++) {
    const at = table.deletedAt[row]!;
    if (at !== 0 && at >= w.start && at < latest) deletedRecords.push({ id: table.ids[row]!, deletedDate: formatRestDatetime(at) });
  }
  if (deletedRecords.length > MAX_IDS) return restError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 600000 records in a single call');
  deletedRecords.sort((a, b) => (a.deletedDate < b.deletedDate ? -1 : a.deletedDate > b.deletedDate ? 1 : 0));
  return { status: 200, body: { deletedRecords, earliestDateAvailable: formatRestDatetime(earliest), latestDateCovered: formatRestDatetime(latest) } };
}

/** `GET /sobjects/{Type}/updated/?start=&end=`, driven by SystemModstamp. */
export function updatedResource(ctx: RestContext, type: string, start: string | undefined, end: string | undefined): RestResponse {
  const table = ctx.data.table(type);
  if (!table) return notFound();
  const w = window(ctx, start, end);
  if (isError(w)) return w;
  if (w.start < Math.floor((w.now - UPDATED_WINDOW) / MINUTE) * MINUTE) {
    return restError(400, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago');
  }
  const latest = Math.min(w.end, Math.floor(w.now / MINUTE) * MINUTE);
  const stamps = table.column('SystemModstamp');
  const ids: string[] = [];
  for (let row = 0; row < table.size; row++) {
    const at = stamps[row] as number;
    if (!table.isDeleted(row) && at >= w.start && at < latest) ids.push(table.ids[row]!);
  }
  if (ids.length > MAX_IDS) return restError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 600000 records in a single call');
  return { status: 200, body: { ids, latestDateCovered: formatRestDatetime(latest) } };
}
