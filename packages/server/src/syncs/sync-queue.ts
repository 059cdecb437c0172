// Sync jobs on the job queue (jobs/): one job key per sync ("sync:<uuid>"), so a sync has at most
// one pending job; the run itself holds the sync's advisory lock (sync-run.ts), so at most one run of a sync
// executes at a time across every worker process.
// Crash recovery: graphile-worker 0.16 only frees a crashed worker's jobs after 4 hours (hard-coded). A run
// holds its sync's advisory lock on its own session, which PostgreSQL releases the moment the process dies;
// so a job locked for longer than `staleLockMs` whose advisory lock is free belongs to a dead worker and is
// unlocked here for another worker to retry. This reads graphile-worker's _private_jobs table, whose shape is
// pinned by the 0.16.x range in package.json (check it when upgrading).
import type { Logger } from 'pino';
import type { Database, Queryable } from '../database/database.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { JOB, type JobPayloads } from '../jobs/job-kinds.js';
import type { JobRunnerOptions } from '../jobs/job-runner.js';
import { LOCK_NAMESPACE } from '../jobs/lock-namespaces.js';

export const SYNC_TASK = JOB.sync;
export type SyncJobPayload = JobPayloads['terapi_sync'];

export type SyncQueueOptions = JobRunnerOptions;

const jobKey = (syncId: string) => `sync:${syncId}`;

/** Advisory lock namespace of sync runs (jobs/lock-namespaces.ts). */
export const SYNC_RUN_LOCK_NAMESPACE = LOCK_NAMESPACE.syncRun;
/** The advisory lock key of one sync's runs: hashtext of its uuid ($2 of the lock call). */
export const syncLockSql = 'hashtext($2::text)';

export class SyncQueue {
  #sweep: NodeJS.Timeout | undefined;
  readonly #staleLockMs: number;

  constructor(private readonly deps: { db: Database; logger: Logger; options?: SyncQueueOptions }) {
    this.#staleLockMs = deps.options?.staleLockMs ?? 60_000;
  }

  /**
   * `replace` moves the pending job to `runAt`; `preserve_run_at` keeps an earlier pending one (a trigger
   * that arrived during a run must not be pushed back by the next scheduled run).
   */
  async schedule(payload: SyncJobPayload, runAt: Date, mode: 'replace' | 'preserve_run_at', q: Queryable = this.deps.db): Promise<Date> {
    return enqueueJob(q, JOB.sync, payload, { jobKey: jobKey(payload.syncId), jobKeyMode: mode, runAt, maxAttempts: 10 });
  }

  /** Removes the pending (not running) job of a sync. */
  async cancel(syncId: string): Promise<void> {
    // graphile-worker's SQL API (its WorkerUtils has no removeJob in 0.16): a locked (running) job is kept.
    await this.deps.db.query('select graphile_worker.remove_job($1)', [jobKey(syncId)]);
  }

  /** Starts freeing the jobs of dead workers (worker and all roles; the runs themselves are jobs/job-runner.ts's). */
  startRecovery(): void {
    const { logger } = this.deps;
    const every = Math.max(200, Math.floor(this.#staleLockMs / 2));
    this.#sweep = setInterval(() => {
      this.recoverStaleJobs().catch((err: unknown) => logger.warn({ err }, 'sync job recovery sweep failed'));
    }, every);
    this.#sweep.unref();
  }

  /** Frees jobs of dead workers (see the header); returns how many. */
  async recoverStaleJobs(): Promise<number> {
    const { db } = this.deps;
    const { rows } = await db.query<{ id: string; sync_id: string; locked_by: string; spent: boolean }>(
      `select j.id, j.payload->>'syncId' as sync_id, j.locked_by, j.attempts >= j.max_attempts as spent
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = $1 and j.locked_at < now() - $2::int * interval '1 millisecond'`,
      [SYNC_TASK, this.#staleLockMs],
    );
    let freed = 0;
    for (const job of rows) {
      const client = await db.pool.connect();
      try {
        const { rows: got } = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock($1, ${syncLockSql}) as ok`, [SYNC_RUN_LOCK_NAMESPACE, job.sync_id]);
        if (!got[0]?.ok) continue;
        try {
          // A job whose key was taken over by a newer job (add_job marks it spent) is dropped; the newer one runs now.
          const sql = job.spent
            ? 'delete from graphile_worker._private_jobs where id = $1 and locked_by = $2'
            : 'update graphile_worker._private_jobs set locked_at = null, locked_by = null, run_at = greatest(run_at, now()) where id = $1 and locked_by = $2';
          const { rowCount } = await client.query(sql, [job.id, job.locked_by]);
          freed += rowCount ?? 0;
          // The dead run must resume now, not at the newer job's (scheduled) time.
          if (rowCount && job.spent) await this.schedule({ syncId: job.sync_id, triggered: true }, new Date(), 'replace');
        } finally {
          await client.query(`select pg_advisory_unlock($1, ${syncLockSql})`, [SYNC_RUN_LOCK_NAMESPACE, job.sync_id]);
        }
      } finally {
        client.release();
      }
    }
    if (freed) this.deps.logger.info({ freed }, 'retrying sync jobs of a worker that stopped mid-run');
    return freed;
  }

  stop(): void {
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = undefined;
  }
}
