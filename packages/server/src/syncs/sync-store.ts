// Syncs per connection and their runs (migrations/0004_records_syncs.sql). Invariant: a sync has at most one
// RUNNING run; a run left RUNNING by a crashed worker is resumed (attempts + 1), never duplicated.
import type { Database, Queryable } from '../database/database.js';
import type { BatchCounts } from '../records/record-store.js';

export type ScheduleStatus = 'STARTED' | 'PAUSED';
export type RunMode = 'incremental' | 'full';
export type PendingMode = 'full' | 'full_and_clear';
export type RunStatus = 'RUNNING' | 'SUCCESS' | 'ERROR' | 'SKIPPED';

export interface SyncRow {
  id: string;
  connectionId: number;
  name: string;
  variant: string;
  scheduleStatus: ScheduleStatus;
  frequencyOverride: string | null;
  checkpoint: Record<string, unknown> | null;
  lastSyncDate: Date | null;
  pendingMode: PendingMode | null;
  nextRunAt: Date | null;
}

export interface SyncRun {
  id: number;
  syncId: string;
  mode: RunMode;
  status: RunStatus;
  attempts: number;
  startedAt: Date;
  finishedAt: Date | null;
  result: Record<string, BatchCounts>;
  error: { type: string; description: string; payload?: unknown } | null;
  /** Set by the function (nango.setRunNote): why the run ended as it did. */
  note: string | null;
}

const toSync = (r: Record<string, unknown>): SyncRow => ({
  id: r.id as string,
  connectionId: r.connection_id as number,
  name: r.name as string,
  variant: r.variant as string,
  scheduleStatus: r.schedule_status as ScheduleStatus,
  frequencyOverride: (r.frequency_override as string | null) ?? null,
  checkpoint: (r.checkpoint as Record<string, unknown> | null) ?? null,
  lastSyncDate: (r.last_sync_date as Date | null) ?? null,
  pendingMode: (r.pending_mode as PendingMode | null) ?? null,
  nextRunAt: (r.next_run_at as Date | null) ?? null,
});

const toRun = (r: Record<string, unknown>): SyncRun => ({
  id: Number(r.id),
  syncId: r.sync_id as string,
  mode: r.mode as RunMode,
  status: r.status as RunStatus,
  attempts: r.attempts as number,
  startedAt: r.started_at as Date,
  finishedAt: (r.finished_at as Date | null) ?? null,
  result: (r.result as Record<string, BatchCounts>) ?? {},
  error: (r.error as SyncRun['error']) ?? null,
  note: (r.note as string | null) ?? null,
});

export class SyncStore {
  constructor(private readonly db: Database) {}

  /** Creates the missing sync rows of a connection; returns those created (they need a first schedule). */
  async ensure(connectionId: number, syncs: { name: string; autoStart: boolean }[], q: Queryable = this.db): Promise<SyncRow[]> {
    if (!syncs.length) return [];
    const { rows } = await q.query(
      `insert into syncs (connection_id, name, schedule_status)
       select $1, s.name, case when s.auto then 'STARTED' else 'PAUSED' end from unnest($2::text[], $3::bool[]) as s(name, auto)
       on conflict (connection_id, name, variant) do nothing returning *`,
      [connectionId, syncs.map((s) => s.name), syncs.map((s) => s.autoStart)],
    );
    return rows.map(toSync);
  }

  /** A named variant of a sync on one connection; undefined when it exists already. */
  async createVariant(connectionId: number, name: string, variant: string, status: ScheduleStatus): Promise<SyncRow | undefined> {
    const { rows } = await this.db.query(
      `insert into syncs (connection_id, name, variant, schedule_status) values ($1, $2, $3, $4) on conflict (connection_id, name, variant) do nothing returning *`,
      [connectionId, name, variant, status],
    );
    return rows[0] ? toSync(rows[0]) : undefined;
  }

  async deleteVariant(connectionId: number, name: string, variant: string): Promise<SyncRow | undefined> {
    const { rows } = await this.db.query('delete from syncs where connection_id = $1 and name = $2 and variant = $3 returning *', [connectionId, name, variant]);
    return rows[0] ? toSync(rows[0]) : undefined;
  }

  async getById(id: string, q: Queryable = this.db): Promise<SyncRow | undefined> {
    const { rows } = await q.query('select * from syncs where id = $1', [id]);
    return rows[0] ? toSync(rows[0]) : undefined;
  }

  async listForConnection(connectionId: number, q: Queryable = this.db): Promise<SyncRow[]> {
    const { rows } = await q.query('select * from syncs where connection_id = $1 order by name, variant', [connectionId]);
    return rows.map(toSync);
  }

  async setScheduleStatus(ids: string[], status: ScheduleStatus): Promise<void> {
    await this.db.query('update syncs set schedule_status = $2, updated_at = now() where id = any($1::uuid[])', [ids, status]);
  }

  async setFrequencyOverride(id: string, frequency: string | null): Promise<void> {
    await this.db.query('update syncs set frequency_override = $2, updated_at = now() where id = $1', [id, frequency]);
  }

  async setNextRunAt(id: string, at: Date | null, q: Queryable = this.db): Promise<void> {
    await q.query('update syncs set next_run_at = $2 where id = $1', [id, at]);
  }

  /** A trigger asking for a full run (optionally clearing the cache); the stronger request wins. */
  async requestMode(ids: string[], mode: PendingMode): Promise<void> {
    await this.db.query(
      `update syncs set pending_mode = case when pending_mode = 'full_and_clear' or $2 = 'full_and_clear' then 'full_and_clear' else 'full' end,
         updated_at = now() where id = any($1::uuid[])`,
      [ids, mode],
    );
  }

  async getCheckpoint(id: string): Promise<Record<string, unknown> | null> {
    return (await this.getById(id))?.checkpoint ?? null;
  }

  /** Durable at once: a crashed run resumes from here. */
  async saveCheckpoint(id: string, checkpoint: Record<string, unknown> | null): Promise<void> {
    await this.db.query('update syncs set checkpoint = $2, updated_at = now() where id = $1', [id, checkpoint === null ? null : JSON.stringify(checkpoint)]);
  }

  /**
   * Resumes the sync's RUNNING run (a crashed attempt) or starts a new one, consuming a pending full-run
   * request. Called under the sync's run lock.
   */
  async beginRun(sync: SyncRow, defaultMode: RunMode): Promise<{ run: SyncRun; resumed: boolean; clearCache: boolean }> {
    return this.db.transaction(async (tx) => {
      const { rows: running } = await tx.query(
        `update sync_runs set attempts = attempts + 1 where sync_id = $1 and status = 'RUNNING' returning *`,
        [sync.id],
      );
      if (running[0]) return { run: toRun(running[0]), resumed: true, clearCache: false };
      const { rows: taken } = await tx.query<{ pending_mode: PendingMode | null }>('select pending_mode from syncs where id = $1 for update', [sync.id]);
      await tx.query('update syncs set pending_mode = null where id = $1', [sync.id]);
      const pending = taken[0]?.pending_mode ?? null;
      const mode: RunMode = pending ? 'full' : defaultMode;
      const { rows } = await tx.query('insert into sync_runs (sync_id, mode) values ($1, $2) returning *', [sync.id, mode]);
      return { run: toRun(rows[0]!), resumed: false, clearCache: pending === 'full_and_clear' };
    });
  }

  /** Adds one batch's counts to the run's result, in the caller's transaction (with the batch itself). */
  async addCounts(runId: number, model: string, c: BatchCounts, q: Queryable = this.db): Promise<void> {
    if (!c.added && !c.updated && !c.deleted) return;
    await q.query(
      `update sync_runs set result = jsonb_set(result, array[$2], jsonb_build_object(
         'added', coalesce((result->$2->>'added')::int, 0) + $3,
         'updated', coalesce((result->$2->>'updated')::int, 0) + $4,
         'deleted', coalesce((result->$2->>'deleted')::int, 0) + $5)) where id = $1`,
      [runId, model, c.added, c.updated, c.deleted],
    );
  }

  /** The function's note on this run (the last one set wins). */
  async setNote(runId: number, note: string): Promise<void> {
    await this.db.query('update sync_runs set note = $2 where id = $1', [runId, note.slice(0, 2000)]);
  }

  /** Records the outcome, in the caller's transaction (with the webhooks it causes). */
  async finishRun(run: SyncRun, status: Exclude<RunStatus, 'RUNNING'>, error: SyncRun['error'], tx: Queryable): Promise<SyncRun> {
    const { rows } = await tx.query(`update sync_runs set status = $2, error = $3, finished_at = now() where id = $1 returning *`, [run.id, status, error ? JSON.stringify(error) : null]);
    // The next run asks for what changed since this one started (Nango's lastSyncDate).
    if (status === 'SUCCESS') await tx.query('update syncs set last_sync_date = $2, updated_at = now() where id = $1', [run.syncId, run.startedAt]);
    if (!rows[0]) throw new Error(`the sync run ${run.id} no longer exists (its connection was deleted)`);
    return toRun(rows[0]);
  }

  /** A run that was skipped without starting (e.g. the connection needs re-authorization). */
  async recordSkipped(syncId: string, reason: { type: string; description: string }): Promise<void> {
    await this.db.query(`insert into sync_runs (sync_id, mode, status, finished_at, error) values ($1, 'incremental', 'SKIPPED', now(), $2)`, [syncId, JSON.stringify(reason)]);
  }

  /** The latest run of each sync (RUNNING included). */
  async latestRuns(syncIds: string[]): Promise<Map<string, SyncRun>> {
    const { rows } = await this.db.query(
      `select distinct on (sync_id) * from sync_runs where sync_id = any($1::uuid[]) order by sync_id, id desc`,
      [syncIds],
    );
    return new Map(rows.map((r) => [r.sync_id as string, toRun(r)]));
  }

  /** A page of a sync's runs, newest first, by keyset on the run id (index sync_runs_latest). */
  async runsPage(syncId: string, beforeId: string | undefined, limit: number): Promise<SyncRun[]> {
    const { rows } = await this.db.query(
      `select * from sync_runs where sync_id = $1 and ($2::bigint is null or id < $2) order by id desc limit $3`,
      [syncId, beforeId ?? null, limit],
    );
    return rows.map(toRun);
  }

  async runsOf(syncId: string): Promise<SyncRun[]> {
    const { rows } = await this.db.query('select * from sync_runs where sync_id = $1 order by id', [syncId]);
    return rows.map(toRun);
  }
}
