// A pre-built sync's onWebhook (issue 13 point 5): the ids an incoming webhook names for the sync's object
// are read back with one queryAll (spec/salesforce.md §3.5), so the records cache holds what Salesforce
// holds now — not the subset of fields an Outbound Message carries, nor a value older than the last change
// (§5.3: messages arrive out of order). Rows with IsDeleted, or no row at all (purged), are deletions.
import type { SyncHelper } from '../../../functions/sdk/index.js';
import { API_VERSION, type IncrementalQuery, type SoqlRecord } from './incremental-query.js';

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
/** SOQL's statement length is bounded (100,000 characters); 200 ids stay far below it. */
const IDS_PER_QUERY = 200;

type Payload = {
  /** An Outbound Message (incoming-webhooks, Salesforce module). */
  notifications?: { sObjectType?: string; fields?: { Id?: unknown } }[];
  /** A JSON callout as docs/salesforce-webhooks.md's Apex trigger sends it. */
  sObjectType?: string;
  records?: { Id?: unknown }[];
};

/** The record ids of `object` that the webhook names. */
export function idsInWebhook(payload: unknown, object: string): string[] {
  const p = (payload ?? {}) as Payload;
  const ids: unknown[] = [];
  for (const n of p.notifications ?? []) if (n.sObjectType === object) ids.push(n.fields?.Id);
  if (p.sObjectType === object) for (const r of p.records ?? []) ids.push(r?.Id);
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && SALESFORCE_ID.test(id)))];
}

export async function applyWebhook<R extends { id: string }>(nango: SyncHelper<any, any, any>, payload: unknown, q: IncrementalQuery<R>): Promise<void> {
  const ids = idsInWebhook(payload, q.object);
  const fields = [...new Set(['Id', 'SystemModstamp', 'IsDeleted', ...q.fields])].join(', ');
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY);
    const soql = `SELECT ${fields} FROM ${q.object} WHERE Id IN (${chunk.map((id) => `'${id}'`).join(', ')})`;
    const rows: SoqlRecord[] = [];
    for await (const page of nango.paginate<SoqlRecord>({
      endpoint: `/services/data/${API_VERSION}/queryAll`,
      params: { q: soql },
      paginate: { type: 'link', link_path_in_response_body: 'nextRecordsUrl', response_path: 'records' },
    })) {
      rows.push(...page);
    }
    // Ids compare on their 15-character form: a webhook may name a record by either form.
    const found = new Set(rows.map((r) => r.Id.slice(0, 15)));
    const live = rows.filter((r) => !r.IsDeleted).map(q.toRecord);
    const deleted = [...rows.filter((r) => r.IsDeleted).map((r) => r.Id), ...chunk.filter((id) => !found.has(id.slice(0, 15)) && id.length === 18)];
    if (live.length) await nango.batchSave(live, q.model);
    if (deleted.length) await nango.batchDelete(deleted.map((id) => ({ id })), q.model);
  }
}
