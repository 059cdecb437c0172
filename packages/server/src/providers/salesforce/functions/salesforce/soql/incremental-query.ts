// Incremental SOQL sync shared by the Account and Contact syncs (spec/salesforce.md §3.5, §3.8):
// - the watermark is SystemModstamp, not LastModifiedDate: it also moves on system-driven changes and is indexed;
// - after the first run the query goes to queryAll, so deleted rows come back with IsDeleted = true;
// - pages follow `nextRecordsUrl` (a path in the body) until `done`;
// - the checkpoint is saved after each page, so a run that dies resumes where it stopped. The resume uses `>=`:
//   rows sharing the last stamp are read again and, unchanged, are not rewritten.
import type { SyncHelper } from 'terapi';

export const API_VERSION = 'v60.0';

export interface SoqlRecord {
  Id: string;
  IsDeleted?: boolean;
  SystemModstamp: string;
  [field: string]: unknown;
}

/** A text field as a model wants it: the string, or null for null and anything else. */
export const stringOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Salesforce answers `2024-09-27T10:39:01.000+0000`; SOQL datetime literals want ISO 8601 with `Z`, unquoted. */
export const soqlDatetime = (value: string): string => new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString();

export interface IncrementalQuery<R> {
  object: string;
  fields: string[];
  model: string;
  toRecord(row: SoqlRecord): R;
}

type Checkpoint = { systemModstamp: string };

export async function syncIncrementally<R extends { id: string }>(nango: SyncHelper<any, any, any>, q: IncrementalQuery<R>): Promise<void> {
  const checkpoint = (await nango.getCheckpoint()) as Checkpoint | null;
  const since = checkpoint?.systemModstamp ?? (nango.lastSyncDate ? nango.lastSyncDate.toISOString() : undefined);
  const fields = [...new Set(['Id', 'SystemModstamp', 'IsDeleted', ...q.fields])].join(', ');
  const where = since ? ` WHERE SystemModstamp >= ${soqlDatetime(since)}` : '';
  const soql = `SELECT ${fields} FROM ${q.object}${where} ORDER BY SystemModstamp ASC, Id ASC`;
  const resource = since ? 'queryAll' : 'query';
  for await (const page of nango.paginate<SoqlRecord>({
    endpoint: `/services/data/${API_VERSION}/${resource}`,
    params: { q: soql },
    paginate: { type: 'link', link_path_in_response_body: 'nextRecordsUrl', response_path: 'records' },
  })) {
    const live = page.filter((r) => !r.IsDeleted).map(q.toRecord);
    const deleted = page.filter((r) => r.IsDeleted).map((r) => ({ id: r.Id }));
    if (live.length) await nango.batchSave(live, q.model);
    if (deleted.length) await nango.batchDelete(deleted, q.model);
    const last = page[page.length - 1];
    if (last) await nango.saveCheckpoint({ systemModstamp: soqlDatetime(last.SystemModstamp) });
  }
}
