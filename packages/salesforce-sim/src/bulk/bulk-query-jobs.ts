import type { OrgData } from '../data/org-data.js';
import { makeRecordId } from '../data/record-id.js';
import { formatRestDatetime } from '../data/salesforce-datetime.js';
import { runSoql } from '../soql/run-soql.js';
import type { BulkQueryJob, JobState } from './bulk-query-job.js';

/**
 * Query jobs of every org of one simulator, with their asynchronous state machine (spec/salesforce.md §4.2).
 * `close()` stops pending transitions.
 */
export class BulkQueryJobs {
  private readonly jobs = new Map<string, { job: BulkQueryJob; data: OrgData }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private serial = 0;

  create(data: OrgData, input: Omit<BulkQueryJob, 'id' | 'createdDate' | 'systemModstamp' | 'state' | 'startedAt' | 'totalProcessingTime'>): BulkQueryJob {
    const now = data.now();
    const job: BulkQueryJob = {
      ...input,
      id: makeRecordId('750', data.orgId.slice(3, 6), ++this.serial),
      createdDate: formatRestDatetime(now),
      systemModstamp: formatRestDatetime(now),
      state: 'UploadComplete',
      startedAt: now,
      totalProcessingTime: 0,
    };
    this.jobs.set(job.id, { job, data });
    // Each step waits `bulkQueryStepMs`, so clients really have to poll (spec/salesforce.md §4.2).
    const step = data.bulkQueryStepMs;
    this.later(step, () => {
      if (job.state !== 'UploadComplete') return;
      this.transition(data, job, 'InProgress');
      this.later(step, () => this.complete(data, job));
    });
    return job;
  }

  get(data: OrgData, id: string): BulkQueryJob | undefined {
    const hit = this.jobs.get(id);
    return hit && hit.data === data ? hit.job : undefined;
  }

  list(data: OrgData): BulkQueryJob[] {
    return [...this.jobs.values()].filter((j) => j.data === data).map((j) => j.job);
  }

  countSince(data: OrgData, since: number): number {
    return [...this.jobs.values()].filter((j) => j.data === data && j.job.startedAt > since).length;
  }

  abort(data: OrgData, job: BulkQueryJob): void {
    this.transition(data, job, 'Aborted');
  }

  delete(id: string): void {
    this.jobs.delete(id);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private complete(data: OrgData, job: BulkQueryJob): void {
    if (job.state !== 'InProgress') return;
    try {
      const result = runSoql(data, job.query, { includeDeleted: job.operation === 'queryAll' });
      if (result.kind === 'records') job.result = result;
      this.transition(data, job, result.kind === 'records' ? 'JobComplete' : 'Failed');
    } catch {
      this.transition(data, job, 'Failed');
    }
  }

  private transition(data: OrgData, job: BulkQueryJob, state: JobState): void {
    const now = data.now();
    job.state = state;
    job.systemModstamp = formatRestDatetime(now);
    job.totalProcessingTime = Math.max(0, now - job.startedAt);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
}
