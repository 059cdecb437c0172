// Enqueues a job with graphile-worker's SQL API on the caller's connection, so that inside a transaction the
// job commits or rolls back with the change that caused it (STYLE.md: "addJob inside the caller's
// transaction"). Any role may enqueue; only worker and all roles run jobs (jobs/job-runner.ts).
import type { Queryable } from '../database/database.js';
import type { JobKind, JobPayloads } from './job-kinds.js';

export interface EnqueueOptions {
  /** Default now. */
  runAt?: Date;
  /** One pending job per key: a new job with the key replaces the pending one. */
  jobKey?: string;
  /** `replace` moves the pending job to `runAt`; `preserve_run_at` keeps an earlier pending time. */
  jobKeyMode?: 'replace' | 'preserve_run_at';
  /** graphile-worker's own retries when the handler throws (default 25). */
  maxAttempts?: number;
}

/** Returns when the job will run (the kept time under `preserve_run_at`). */
export async function enqueueJob<K extends JobKind>(q: Queryable, kind: K, payload: JobPayloads[K], opts: EnqueueOptions = {}): Promise<Date> {
  const { rows } = await q.query<{ run_at: Date }>(
    `select run_at from graphile_worker.add_job(identifier => $1, payload => $2::json, run_at => $3::timestamptz,
       max_attempts => $4::int, job_key => $5::text, job_key_mode => coalesce($6::text, 'replace'))`,
    [kind, JSON.stringify(payload), opts.runAt ?? null, opts.maxAttempts ?? null, opts.jobKey ?? null, opts.jobKeyMode ?? null],
  );
  return new Date(rows[0]!.run_at);
}

/** A job for enqueueJobs: no key, to run now. */
export interface JobSpec<K extends JobKind = JobKind> {
  kind: K;
  payload: JobPayloads[K];
  maxAttempts?: number;
}

/** The parameters of JOB_SPECS_SQL(n): kinds, payloads, max attempts (null: graphile-worker's 25). */
export function jobSpecParams(jobs: JobSpec[]): [string[], string[], (number | null)[]] {
  return [jobs.map((j) => j.kind), jobs.map((j) => JSON.stringify(j.payload)), jobs.map((j) => j.maxAttempts ?? null)];
}

/** SQL of a graphile_worker.job_spec[] built from jobSpecParams() at $n, $n+1, $n+2. */
export function jobSpecsSql(n: number): string {
  return `array(select row(k, p, null, null, m, null, null, null)::graphile_worker.job_spec
                  from unnest($${n}::text[], $${n + 1}::json[], $${n + 2}::smallint[]) as j(k, p, m))`;
}

/** Enqueues many jobs in one statement (graphile_worker.add_jobs) on the caller's connection. */
export async function enqueueJobs(q: Queryable, jobs: JobSpec[]): Promise<void> {
  if (!jobs.length) return;
  await q.query(`select count(*) from graphile_worker.add_jobs(${jobSpecsSql(1)})`, jobSpecParams(jobs));
}
