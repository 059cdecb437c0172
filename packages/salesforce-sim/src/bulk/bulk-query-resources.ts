import type { OrgData } from '../data/org-data.js';
import { notFound, restError, type RestResponse } from '../rest/rest-response.js';
import { csvCells, csvHeader } from '../soql/run-soql.js';
import { parseSoql } from '../soql/soql-parser.js';
import { runSoql } from '../soql/run-soql.js';
import { SoqlError } from '../soql/soql-error.js';
import { jobInfo, jobInfoJson, stateConstant } from './bulk-query-job.js';
import type { BulkQueryJobs } from './bulk-query-jobs.js';
import { COLUMN_DELIMITERS, csvLine, LINE_ENDINGS, type ColumnDelimiter, type LineEnding } from './csv-format.js';

export interface BulkContext {
  jobs: BulkQueryJobs;
  data: OrgData;
  userId: string;
  /** e.g. `60.0`. */
  version: string;
}

// spec/salesforce.md §4.1, §6: 10,000 query jobs per rolling 24 hours.
const MAX_JOBS_PER_DAY = 10_000;
const DAY_MS = 86_400_000;
// Without maxRecords a chunk holds at most this many rows (Salesforce bounds chunks by size; spec §4.4).
const DEFAULT_CHUNK = 50_000;

/** `POST /jobs/query` (spec/salesforce.md §4.1): validated at once, then UploadComplete. */
export function createQueryJob(ctx: BulkContext, body: unknown): RestResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return restError(400, 'API_ERROR', 'Value does not match expected type at [line:1, column:1]');
  }
  const input = body as Record<string, unknown>;
  const operation = input.operation;
  if (operation !== 'query' && operation !== 'queryAll') {
    return restError(400, 'INVALIDJOB', `Invalid operation: ${String(operation)}. Query jobs support query and queryAll`);
  }
  // spec/salesforce.md §4.1 (simple-salesforce#722): a field of the wrong JSON type is API_ERROR.
  if (input.query !== undefined && typeof input.query !== 'string') return restError(400, 'API_ERROR', 'Value does not match expected type at [line:1, column:1]');
  if (typeof input.query !== 'string' || input.query.trim() === '') return restError(400, 'INVALIDJOB', 'Query is required');
  if (input.contentType !== undefined && input.contentType !== 'CSV') return restError(400, 'INVALIDJOB', `Invalid contentType: ${String(input.contentType)}`);
  const columnDelimiter = (input.columnDelimiter ?? 'COMMA') as ColumnDelimiter;
  if (!(columnDelimiter in COLUMN_DELIMITERS)) return restError(400, 'INVALIDJOB', `Invalid columnDelimiter: ${String(input.columnDelimiter)}`);
  const lineEnding = (input.lineEnding ?? 'LF') as LineEnding;
  if (!(lineEnding in LINE_ENDINGS)) return restError(400, 'INVALIDJOB', `Invalid lineEnding: ${String(input.lineEnding)}`);
  if (ctx.jobs.countSince(ctx.data, ctx.data.now() - DAY_MS) >= MAX_JOBS_PER_DAY) {
    return restError(400, 'LIMIT_EXCEEDED', `Max bulk v2 query jobs (${MAX_JOBS_PER_DAY}) per 24 hrs has been reached`);
  }
  let object: string;
  try {
    const parsed = parseSoql(input.query);
    // spec/salesforce.md §4.1: aggregates and OFFSET are rejected by Bulk 2.0.
    if (parsed.select.some((s) => s.kind === 'count')) return restError(400, 'API_ERROR', 'Aggregate Relationships not supported in Bulk Query with CSV content type');
    if (parsed.select.some((s) => s.kind === 'fields')) return restError(400, 'API_ERROR', 'FIELDS() is not supported by the Bulk API');
    if (parsed.select.some((s) => s.kind === 'subquery')) return restError(400, 'API_ERROR', 'Nested queries are not supported by the Bulk API');
    if (parsed.offset !== undefined) return restError(400, 'API_ERROR', 'OFFSET is not supported by the Bulk API');
    // Validates fields and object now, as Salesforce rejects a bad query at create time.
    const dry = runSoql(ctx.data, input.query, { includeDeleted: false, validateOnly: true });
    object = dry.kind === 'records' ? dry.table.schema.name : parsed.from;
  } catch (e) {
    if (e instanceof SoqlError) return restError(400, e.errorCode, e.message);
    throw e;
  }
  const job = ctx.jobs.create(ctx.data, {
    operation, object, query: input.query, createdById: ctx.userId, apiVersion: Number(ctx.version), lineEnding, columnDelimiter,
  });
  return { status: 200, ...jobInfoJson(jobInfo(job, false)) };
}

export function getQueryJob(ctx: BulkContext, id: string): RestResponse {
  const job = ctx.jobs.get(ctx.data, id);
  return job ? { status: 200, ...jobInfoJson(jobInfo(job, true)) } : notFound();
}

/** `GET /jobs/query` (jsforce bulk2 shape). */
export function listQueryJobs(ctx: BulkContext): RestResponse {
  const records = ctx.jobs.list(ctx.data).map((j) => ({ ...jobInfo(j, false), jobType: 'V2Query' }));
  return { status: 200, ...jobInfoJson({ done: true, records, nextRecordsUrl: null }) };
}

/** `PATCH /jobs/query/{id}` with `{"state":"Aborted"}`. */
export function abortQueryJob(ctx: BulkContext, id: string, body: unknown): RestResponse {
  const job = ctx.jobs.get(ctx.data, id);
  if (!job) return notFound();
  const state = (body as { state?: unknown } | undefined)?.state;
  if (state !== 'Aborted') return restError(400, 'INVALIDJOBSTATE', `Invalid state: ${String(state)}. Query jobs can only be set to Aborted`);
  if (job.state === 'JobComplete' || job.state === 'Failed' || job.state === 'Aborted') {
    return restError(400, 'INVALIDJOBSTATE', `Cannot abort a job in state ${job.state}`);
  }
  ctx.jobs.abort(ctx.data, job);
  return { status: 200, ...jobInfoJson(jobInfo(job, false)) };
}

/** `DELETE /jobs/query/{id}` → 204; a job still running cannot be deleted. */
export function deleteQueryJob(ctx: BulkContext, id: string): RestResponse {
  const job = ctx.jobs.get(ctx.data, id);
  if (!job) return notFound();
  if (job.state === 'InProgress') return restError(400, 'INVALIDJOBSTATE', 'Cannot delete a job in state InProgress');
  ctx.jobs.delete(id);
  return { status: 204 };
}

/**
 * `GET /jobs/query/{id}/results[?locator=&maxRecords=]` (spec/salesforce.md §4.4): CSV chunks linked by an opaque
 * Sforce-Locator, the literal `null` on the last one; 412 until JobComplete; 409 from another API version.
 */
export function queryJobResults(ctx: BulkContext, id: string, locator: string | undefined, maxRecords: string | undefined): RestResponse {
  const job = ctx.jobs.get(ctx.data, id);
  if (!job) return notFound();
  if (job.state !== 'JobComplete' || !job.result) {
    return restError(412, 'JOB_NOT_COMPLETE', `can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: ${stateConstant(job.state)}`);
  }
  if (Number(ctx.version) !== job.apiVersion) {
    return restError(409, 'INVALIDJOB', `The job was created with API version ${job.apiVersion.toFixed(1)}; fetch its results with the same version`);
  }
  let chunk = DEFAULT_CHUNK;
  if (maxRecords !== undefined) {
    if (!/^\d+$/.test(maxRecords) || Number(maxRecords) < 1) return restError(400, 'INVALIDMAXRECORDS', `Invalid maxRecords: ${maxRecords}`);
    chunk = Number(maxRecords);
  }
  let offset = 0;
  if (locator !== undefined && locator !== '') {
    const decoded = Buffer.from(locator, 'base64url').toString('utf8');
    if (!/^\d+$/.test(decoded) || Number(decoded) > job.result.rows.length) return restError(400, 'INVALIDLOCATOR', `Invalid locator: ${locator}`);
    offset = Number(decoded);
  }
  const result = job.result;
  const end = Math.min(result.rows.length, offset + chunk);
  let csv = csvLine(csvHeader(result), job.columnDelimiter, job.lineEnding);
  for (let i = offset; i < end; i++) csv += csvLine(csvCells(result, result.rows[i]!), job.columnDelimiter, job.lineEnding);
  const next = end < result.rows.length ? Buffer.from(String(end)).toString('base64url') : 'null';
  return {
    status: 200,
    body: csv,
    headers: { 'content-type': 'text/csv', 'sforce-locator': next, 'sforce-numberofrecords': String(end - offset) },
  };
}
