// The one registry of advisory-lock namespaces (the first key of pg_advisory_lock(int, int)): one namespace
// per invariant, so two invariants never take turns by accident. Add a new one here, never inline.
export const LOCK_NAMESPACE = {
  /** Our numbered migrations (database/migrate.ts): one migrator at a time. */
  migrations: 7_301,
  /** At most one refresh per connection at a time (auth/credential-lifecycle.ts); key = connection id. */
  connectionRefresh: 7_302,
  /** The default environments are created once (environments/environment-store.ts). */
  environmentBootstrap: 7_303,
  /** One deploy per environment at a time (functions/function-store.ts); key = environment id. */
  functionDeploy: 7_304,
  /** graphile-worker's own migrations, which 0.16 runs without a lock (jobs/job-runner.ts). */
  jobQueueMigrations: 7_305,
  /** One run per sync at a time (syncs/sync-run.ts); key = hashtext of the sync's uuid. */
  syncRun: 7_310,
  /**
   * Held by each live job-running process for each of its graphile-worker worker ids (jobs/job-runner.ts);
   * key = hashtext of the worker id. A job locked by a worker whose lock is free belongs to a dead process.
   */
  jobWorkerAlive: 7_311,
} as const;
