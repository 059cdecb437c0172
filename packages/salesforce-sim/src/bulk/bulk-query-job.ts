import type { SoqlResult } from '../soql/run-soql.js';
import type { ColumnDelimiter, LineEnding } from './csv-format.js';

// spec/salesforce.md §4.2.
export type JobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

export interface BulkQueryJob {
  id: string;
  operation: 'query' | 'queryAll';
  object: string;
  query: string;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  state: JobState;
  apiVersion: number;
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
  startedAt: number;
  totalProcessingTime: number;
  result?: Extract<SoqlResult, { kind: 'records' }>;
}

/** The job-info body of spec/salesforce.md §4.1/§4.3; `apiVersion` is a JSON number. */
export function jobInfo(job: BulkQueryJob, detailed: boolean): Record<string, unknown> {
  return {
    id: job.id, operation: job.operation, object: job.object, createdById: job.createdById, createdDate: job.createdDate,
    systemModstamp: job.systemModstamp, state: job.state, concurrencyMode: 'Parallel', contentType: 'CSV',
    apiVersion: job.apiVersion, ...(detailed ? { jobType: 'V2Query' } : {}), lineEnding: job.lineEnding, columnDelimiter: job.columnDelimiter,
    ...(detailed
      ? { numberRecordsProcessed: job.result?.rows.length ?? 0, retries: 0, totalProcessingTime: job.totalProcessingTime, isPkChunkingSupported: true }
      : {}),
  };
}

/** `JobComplete` → `JOB_COMPLETE`, as the 412 message spells states (spec/salesforce.md §4.4). */
export function stateConstant(state: JobState): string {
  return state.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Serialized job info: Salesforce writes `apiVersion` as `60.0`, which JSON.stringify cannot. */
export function jobInfoJson(info: unknown): { body: string; headers: Record<string, string> } {
  return {
    body: JSON.stringify(info).replace(/"apiVersion":(\d+)(?=[,}])/g, '"apiVersion":$1.0'),
    headers: { 'content-type': 'application/json;charset=UTF-8' },
  };
}
