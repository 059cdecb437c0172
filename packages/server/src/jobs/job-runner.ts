// The one engine for background work: graphile-worker on terapi's PostgreSQL. Every role installs its schema
// and may enqueue (jobs/enqueue-job.ts); worker and all roles run the tasks of jobs/job-kinds.ts and its
// crontab (refresh sweeps, retention).
// Crash recovery: graphile-worker 0.16 frees a crashed worker's jobs only after 4 hours (hard-coded). So each
// process holds, on one session of its own, an advisory lock per graphile worker id it runs; PostgreSQL drops
// them the moment the process dies. A job locked for longer than `staleLockMs` whose worker's lock is free
// belongs to a dead process and is unlocked for another worker to retry. Sync jobs use their run lock instead
// (syncs/sync-queue.ts). This reads graphile-worker's _private_jobs table, whose shape is pinned by the 0.16.x
// range in package.json (check it when upgrading).
import { EventEmitter } from 'node:events';
import { Logger as GraphileLogger, makeWorkerUtils, run, type Runner, type TaskList, type WorkerEvents, type WorkerUtils } from 'graphile-worker';
import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import { CRONTAB, JOB, type JobHandlers } from './job-kinds.js';
import { LOCK_NAMESPACE } from './lock-namespaces.js';

/** How often a worker looks for jobs dated in the future (a new job wakes it at once, by NOTIFY). */
export const DEFAULT_POLL_INTERVAL_MS = 1000;

export interface JobRunnerOptions {
  /** A job locked this long whose worker is gone is retried (default 60 s). */
  staleLockMs?: number;
  /** graphile-worker poll interval for future jobs (default DEFAULT_POLL_INTERVAL_MS). */
  pollIntervalMs?: number;
  /** Sync runs at once per worker process (default 4). The other jobs have 4 slots of their own. */
  concurrency?: number;
}

/** Slots for the short jobs (deliveries, actions, sweeps): long sync runs never starve them. */
const OTHER_JOBS_CONCURRENCY = 4;

/** How long stop() waits for jobs in progress. */
const STOP_WAIT_MS = 10_000;

export function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const l = level === 'warning' ? 'warn' : level === 'error' ? 'error' : level === 'info' ? 'debug' : 'trace';
    logger[l]({ component: 'graphile-worker', scope, ...(meta ?? {}) }, message);
  });
}

export class JobRunner {
  #utils: WorkerUtils | undefined;
  #runners: Runner[] = [];
  #alive: PoolClient | undefined;
  #sweep: NodeJS.Timeout | undefined;
  readonly #staleLockMs: number;

  constructor(private readonly deps: { db: Database; logger: Logger; options?: JobRunnerOptions | undefined }) {
    this.#staleLockMs = deps.options?.staleLockMs ?? 60_000;
  }

  /** Installs graphile-worker's schema (idempotent, safe from many processes at once). Every role. */
  async init(): Promise<void> {
    const utils = await makeWorkerUtils({ pgPool: this.deps.db.pool, logger: graphileLogger(this.deps.logger) });
    this.#utils = utils;
    // graphile-worker 0.16 migrates without a lock: processes starting together on one database take turns.
    await this.deps.db.withAdvisoryLock(LOCK_NAMESPACE.jobQueueMigrations, 0, () => utils.migrate());
  }

  /** Starts running jobs (worker and all roles only). */
  async start(handlers: JobHandlers): Promise<void> {
    const { db, logger, options } = this.deps;
    const alive = await db.pool.connect();
    this.#alive = alive;
    const events = new EventEmitter() as WorkerEvents;
    // One query at a time on the session (pg queues them, but warns).
    let marking = Promise.resolve();
    events.on('worker:create', ({ worker }) => {
      marking = marking
        .then(() => alive.query('select pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE.jobWorkerAlive, worker.workerId]))
        .then(
          () => undefined,
          (err: unknown) => logger.warn({ err }, 'could not mark a job worker alive'),
        );
    });
    // Two pools of workers: a worker takes only the jobs whose task it knows.
    const syncTasks: TaskList = {};
    const otherTasks: TaskList = {};
    for (const [kind, handle] of Object.entries(handlers)) {
      (kind === JOB.sync ? syncTasks : otherTasks)[kind] = async (payload) => (handle as (p: unknown) => Promise<void>)(payload);
    }
    const common = { pgPool: db.pool, logger: graphileLogger(logger), pollInterval: options?.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, noHandleSignals: true, events };
    this.#runners.push(await run({ ...common, concurrency: options?.concurrency ?? 4, taskList: syncTasks }));
    this.#runners.push(await run({ ...common, concurrency: OTHER_JOBS_CONCURRENCY, taskList: otherTasks, crontab: CRONTAB }));
    const every = Math.max(200, Math.floor(this.#staleLockMs / 2));
    this.#sweep = setInterval(() => {
      this.recoverStaleJobs().catch((err: unknown) => logger.warn({ err }, 'job recovery sweep failed'));
    }, every);
    this.#sweep.unref();
  }

  /** Frees jobs of dead processes (see the header); returns how many. */
  async recoverStaleJobs(): Promise<number> {
    const { db } = this.deps;
    const { rows } = await db.query<{ id: string; locked_by: string }>(
      `select j.id, j.locked_by from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier <> $1 and j.locked_at < now() - $2::int * interval '1 millisecond'`,
      [JOB.sync, this.#staleLockMs],
    );
    let freed = 0;
    for (const job of rows) {
      // Another session than #alive: a session's own advisory locks are re-entrant, so #alive would always get it.
      const client = await db.pool.connect();
      try {
        const { rows: got } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_NAMESPACE.jobWorkerAlive, job.locked_by]);
        if (!got[0]?.ok) continue;
        try {
          const { rowCount } = await client.query('update graphile_worker._private_jobs set locked_at = null, locked_by = null, run_at = greatest(run_at, now()) where id = $1 and locked_by = $2', [job.id, job.locked_by]);
          freed += rowCount ?? 0;
        } finally {
          await client.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE.jobWorkerAlive, job.locked_by]);
        }
      } finally {
        client.release();
      }
    }
    if (freed) this.deps.logger.info({ freed }, 'retrying jobs of a worker process that stopped mid-job');
    return freed;
  }

  async stop(): Promise<void> {
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = undefined;
    // A job in progress is waited for, but not forever: it stays locked and another worker retries it once
    // this process's liveness locks are gone (see the header).
    const runners = this.#runners.splice(0);
    if (runners.length) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(runners.map((r) => r.stop())), new Promise<void>((r) => (timer = setTimeout(r, STOP_WAIT_MS).unref()))]);
      clearTimeout(timer);
    }
    this.#alive?.release(true);
    this.#alive = undefined;
    await this.#utils?.release();
    this.#utils = undefined;
  }
}
