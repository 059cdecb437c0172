// Sync jobs on PostgreSQL with graphile-worker: one job key per sync ("sync:<uuid>"), so a sync has at most
// one pending job; the run itself holds the sync's advisory lock (sync-run.ts), so at most one run of a sync
// executes at a time across every worker process.
// Crash recovery: graphile-worker 0.16 only frees a crashed worker's jobs after 4 hours (hard-coded). A run
// holds its sync's advisory lock on its own session, which PostgreSQL releases the moment the process dies;
// so a job locked for longer than `staleLockMs` whose advisory lock is free belongs to a dead worker and is
// unlocked here for another worker to retry. This reads graphile-worker's _private_jobs table, whose shape is
// pinned by the 0.16.x range in package.json (check it when upgrading).
import { Logger as GraphileLogger, makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';

export const SYNC_TASK = 'terapi_sync';
export interface SyncJobPayload {
  syncId: string;
  /** A trigger runs even when the schedule is paused. */
  triggered?: boolean;
}

export interface SyncQueueOptions {
  /** A job locked this long whose run lock is free is retried (default 60 s). */
  staleLockMs?: number;
  /** graphile-worker poll interval for future jobs (default 1 s). */
  pollIntervalMs?: number;
  /** Runs at once per worker process (default 4). */
  concurrency?: number;
}

/** The lock around graphile-worker's migrations (a sync whose hashtext is 0 would only take turns with it). */
const MIGRATION_LOCK_KEY = 0;

/** How long stop() waits for runs in progress. */
const STOP_WAIT_MS = 10_000;

const jobKey = (syncId: string) => `sync:${syncId}`;

/** Advisory lock namespace of sync runs; next to database.ts LOCK_NAMESPACE's (7301-7304), not inside it. */
export const SYNC_RUN_LOCK_NAMESPACE = 7_310;
/** The advisory lock key of one sync's runs: hashtext of its uuid ($2 of the lock call). */
export const syncLockSql = 'hashtext($2::text)';

function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const l = level === 'warning' ? 'warn' : level === 'error' ? 'error' : level === 'info' ? 'debug' : 'trace';
    logger[l]({ component: 'graphile-worker', scope, ...(meta ?? {}) }, message);
  });
}

export class SyncQueue {
  #utils: WorkerUtils | undefined;
  #runner: Runner | undefined;
  #sweep: NodeJS.Timeout | undefined;
  readonly #staleLockMs: number;

  constructor(private readonly deps: { db: Database; logger: Logger; options?: SyncQueueOptions }) {
    this.#staleLockMs = deps.options?.staleLockMs ?? 60_000;
  }

  /** Installs graphile-worker's schema (idempotent, safe from many processes at once). */
  async init(): Promise<void> {
    const utils = await makeWorkerUtils({ pgPool: this.deps.db.pool, logger: graphileLogger(this.deps.logger) });
    this.#utils = utils;
    // graphile-worker 0.16 migrates without a lock: processes starting together on one database take turns.
    await this.deps.db.withAdvisoryLock(SYNC_RUN_LOCK_NAMESPACE, MIGRATION_LOCK_KEY, () => utils.migrate());
  }

  #u(): WorkerUtils {
    if (!this.#utils) throw new Error('SyncQueue.init() was not called');
    return this.#utils;
  }

  /**
   * `replace` moves the pending job to `runAt`; `preserve_run_at` keeps an earlier pending one (a trigger
   * that arrived during a run must not be pushed back by the next scheduled run).
   */
  async schedule(payload: SyncJobPayload, runAt: Date, mode: 'replace' | 'preserve_run_at'): Promise<Date> {
    const job = await this.#u().addJob(SYNC_TASK, payload, { jobKey: jobKey(payload.syncId), jobKeyMode: mode, runAt, maxAttempts: 10 });
    return new Date(job.run_at);
  }

  /** Removes the pending (not running) job of a sync. */
  async cancel(syncId: string): Promise<void> {
    // graphile-worker's SQL API (its WorkerUtils has no removeJob in 0.16): a locked (running) job is kept.
    await this.deps.db.query('select graphile_worker.remove_job($1)', [jobKey(syncId)]);
  }

  /** Starts taking jobs (worker and all roles only). */
  async startWorker(handle: (payload: SyncJobPayload) => Promise<void>): Promise<void> {
    const { db, logger, options } = this.deps;
    this.#runner = await run({
      pgPool: db.pool,
      logger: graphileLogger(logger),
      concurrency: options?.concurrency ?? 4,
      pollInterval: options?.pollIntervalMs ?? 1000,
      noHandleSignals: true,
      taskList: { [SYNC_TASK]: async (payload) => handle(payload as SyncJobPayload) },
    });
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

  async stop(): Promise<void> {
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = undefined;
    // A run in progress is waited for, but not forever: its job stays locked and another worker retries it
    // once the stale-lock timeout has passed (see the header).
    const runner = this.#runner;
    this.#runner = undefined;
    if (runner) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([runner.stop(), new Promise<void>((r) => (timer = setTimeout(r, STOP_WAIT_MS).unref()))]);
      clearTimeout(timer);
    }
    await this.#utils?.release();
    this.#utils = undefined;
  }
}
