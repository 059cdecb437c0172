// `terapi/salesforce`: what the pre-built Salesforce functions share, for anyone's own Salesforce functions
// (issue 14 §6). A function imports it as `import { syncIncrementally, soqlPages } from 'terapi/salesforce'`;
// `terapi deploy` bundles it with the function (no Node builtins here: it runs in the function sandbox).
// Documented in ../functions/README.md ("Helpers for your own functions").

// Incremental syncs: SystemModstamp watermark with same-second overlap, deletions (queryAll, getDeleted,
// reconciliation), Bulk API 2.0 for large full reads, the API reserve.
export {
  syncIncrementally,
  reconcile,
  ObjectSync,
  ObjectCheckpoint,
  type IncrementalQuery,
  type CheckpointSlot,
  type ObjectRunResult,
  stringOrNull,
  numberOrNull,
  booleanOr,
  datetimeOrNull,
  soqlDatetime,
} from './incremental-query.js';
export { syncObjectsIncrementally, MultiObjectCheckpoint } from './multi-object-sync.js';
export { applyWebhook, idsInWebhook } from './apply-webhook.js';
// SOQL paging (query / queryAll, nextRecordsUrl).
export { soqlPages, API_VERSION, type SoqlRecord, type SoqlPage } from './soql-pages.js';
// Bulk API 2.0 query jobs: create, poll, stream the CSV pages (Sforce-Locator), typed values.
export { bulkQuery, BULK_PAGE_ROWS, type BulkPosition, type BulkOutcome } from './bulk-query.js';
export { parseCsv, parseCsvTyped, csvValue } from './csv-rows.js';
// Deletion detection beyond the recycle bin: getDeleted and its 15-day window.
export { purgedSince, serverTime, type PurgeCheck } from './purged-records.js';
// The org's daily API budget (Sforce-Limit-Info) and the reserve a run keeps.
export { ApiBudget, parseLimitInfo, DEFAULT_API_RESERVE_PERCENT, type ApiUsage } from './api-budget.js';
// Per-connection options in metadata (bulkThreshold, apiReservePercent…) and describe.
export { readSyncOptions, DEFAULT_BULK_THRESHOLD, type SyncOptions } from './sync-options.js';
export { describeFields, checkFields, type DescribedField } from './describe-fields.js';
// REST calls with Salesforce's errorCode and fields carried in ActionError.
export { call, dataPath, apiName, salesforceError, type SalesforceErrorPayload } from './salesforce-call.js';
