// One sync run, as a list of steps (STYLE.md habit 4): find the sync, its connection and its deployed
// function; take the sync's run lock; skip a connection that needs re-authorization; begin (or resume) the
// run; run the function with a host whose records and checkpoint methods write here; on a complete full run
// with trackDeletes, delete what was not seen; record the result and enqueue its webhooks in one transaction.
// Invariant: the run lock (a session advisory lock) is held from before the run begins until it is recorded,
// so at most one run of a sync executes at a time across all processes, and a dead worker frees it at once.
import { orderedWrites } from './ordered-writes.js';
import type { PoolClient } from 'pg';
import type { Connection } from '../connections/connection-store.js';
import type { DeployedFunction } from '../functions/function-store.js';
import type { FunctionHost } from '../functions/runner/function-host.js';
import { createConnectionHost, type ConnectionHostDeps } from '../functions/runner/connection-host.js';
import type { FunctionRunner } from '../functions/runner/run-function.js';
import { storedModel, type BatchCounts, type RecordStore } from '../records/record-store.js';
import { rowsOf } from '../functions/sdk/record-batch.js';
import type { SyncEvents } from './sync-events.js';
import { SYNC_RUN_LOCK_NAMESPACE, syncLockSql, type SyncJobPayload } from './sync-queue.js';
import type { SyncRow, SyncRun, SyncStore } from './sync-store.js';
import type { OperationLog } from '../operations/operation-log.js';
import { recordSyncRun } from './sync-run-operation.js';

export interface SyncRunLimits {
  /** Wall-clock limit of one run (default 1 h). */
  timeoutMs?: number;
  /** Memory limit of one run (default 512 MB). */
  memoryMb?: number;
}

/** What a run reaches beyond its own stores: the connection's host and the function runner. */
export interface SyncRunServices extends ConnectionHostDeps {
  runner: FunctionRunner;
  operations: OperationLog;
}

export interface SyncRunDeps {
  services: SyncRunServices;
  store: SyncStore;
  records: RecordStore;
  events: SyncEvents;
  getFunction(connection: Connection, name: string): Promise<DeployedFunction | undefined>;
  limits: SyncRunLimits;
}

export type SyncJobOutcome = { sync: SyncRow; connection: Connection; fn: DeployedFunction } | undefined;

/** Runs the job's sync if it should run; returns what the scheduler needs to plan the next run. */
export async function runSyncJob(d: SyncRunDeps, payload: SyncJobPayload): Promise<SyncJobOutcome> {
  const found = await findSync(d, payload.syncId);
  if (!found) return undefined;
  const client = await d.services.db.pool.connect();
  try {
    await client.query(`select pg_advisory_lock($1, ${syncLockSql})`, [SYNC_RUN_LOCK_NAMESPACE, payload.syncId]);
    try {
      // Re-read under the lock: the previous holder may have changed the sync, the connection or the function.
      const fresh = await findSync(d, payload.syncId);
      if (!fresh) return undefined;
      const latestRun = (await d.store.latestRuns([fresh.sync.id])).get(fresh.sync.id);
      const resuming = latestRun?.status === 'RUNNING';
      if (fresh.sync.scheduleStatus === 'PAUSED' && !payload.triggered && !resuming) return fresh;
      if (fresh.connection.authStatus === 'needs_reauth') {
        await d.store.recordSkipped(fresh.sync.id, { type: 'needs_reauth', description: 'The connection needs re-authorization; the end user must reconnect before this sync runs again.' });
        return fresh;
      }
      await runLocked(d, fresh);
      return fresh;
    } finally {
      await client.query(`select pg_advisory_unlock($1, ${syncLockSql})`, [SYNC_RUN_LOCK_NAMESPACE, payload.syncId]);
    }
  } finally {
    client.release();
  }
}

export async function findSync(d: SyncRunDeps, syncId: string): Promise<NonNullable<SyncJobOutcome> | undefined> {
  const sync = await d.store.getById(syncId);
  if (!sync) return undefined;
  const connection = await d.services.connections.getById(sync.connectionId);
  if (!connection) return undefined;
  const fn = await d.getFunction(connection, sync.name);
  if (!fn || fn.kind !== 'sync') return undefined;
  return { sync, connection, fn };
}

async function runLocked(d: SyncRunDeps, { sync, connection, fn }: NonNullable<SyncJobOutcome>): Promise<void> {
  const def = fn.definition;
  const models = Object.keys(def.models ?? {});
  const stored = (model: string) => storedModel(model, sync.variant);
  // The first run of an incremental sync has nothing to be incremental from: it is a full (INITIAL) run.
  const defaultMode = def.syncType === 'full' || !sync.lastSyncDate ? 'full' : 'incremental';
  const { run, resumed, clearCache } = await d.store.beginRun(sync, defaultMode);
  if (!resumed && run.mode === 'full') await d.store.saveCheckpoint(sync.id, null);
  if (clearCache) await d.records.clear(connection.id, models.map(stored));
  const trackSeen = run.mode === 'full' && def.trackDeletes === true;
  /** Models under trackDeletesStart in this run (the function's own full reconciliation). */
  const tracking = new Set<string>();

  const known = (model: string) => {
    if (!models.includes(model)) throw new Error(`The model "${model}" is not declared in the sync's models (${models.join(', ')}).`);
    return stored(model);
  };
  const inOrder = orderedWrites();
  const write = (model: string, fn2: (q: PoolClient) => Promise<BatchCounts>) =>
    inOrder(() =>
      d.services.db.transaction(async (tx) => {
        const counts = await fn2(tx);
        await d.store.addCounts(run.id, model, counts, tx);
      }),
    );
  const extra: Partial<FunctionHost> = {
    // A batch's rows are ready as it arrives, before its turn: the run's next write is ready when the previous one commits.
    batchSave: async (model, recs, payloads) => {
      const rows = rowsOf(recs, payloads);
      return write(model, (tx) => d.records.save(connection.id, known(model), rows, { runId: run.id, trackSeen: trackSeen || tracking.has(known(model)) }, tx));
    },
    batchUpdate: async (model, recs, payloads) => {
      const rows = rowsOf(recs, payloads);
      return write(model, (tx) => d.records.update(connection.id, known(model), rows, tx));
    },
    batchDelete: (model, recs) => write(model, (tx) => d.records.delete(connection.id, known(model), recs.map((r) => String(r.id)), tx)),
    getCheckpoint: () => d.store.getCheckpoint(sync.id),
    saveCheckpoint: (c) => d.store.saveCheckpoint(sync.id, c),
    clearCheckpoint: () => d.store.saveCheckpoint(sync.id, null),
    trackDeletesStart: async (model) => void tracking.add(known(model)),
    trackDeletesEnd: async (model) => {
      if (!tracking.has(known(model))) throw new Error(`trackDeletesEnd("${model}") without trackDeletesStart in this run`);
      await write(model, async (tx) => ({ added: 0, updated: 0, deleted: await d.records.deleteUnseen(connection.id, known(model), run.id, tx) }));
      tracking.delete(known(model));
    },
    setRunNote: (note) => d.store.setNote(run.id, note),
    lastSyncDate: run.mode === 'full' ? null : sync.lastSyncDate,
  };
  const host = createConnectionHost(d.services, connection, { functionName: fn.name, runId: String(run.id) }, extra);
  const log = d.services.logger.child({ sync: sync.name, connectionId: connection.connectionId, run: run.id });
  log.info({ mode: run.mode, resumed, attempts: run.attempts }, 'sync run starting');

  let outcome: { status: 'SUCCESS' | 'ERROR'; error: SyncRun['error'] };
  try {
    const result = await d.services.runner.run({ bundle: fn.bundle, kind: 'sync', host, timeoutMs: d.limits.timeoutMs ?? 3_600_000, memoryMb: d.limits.memoryMb ?? 512 });
    if (result.ok) {
      if (result.invalidRecords.length) log.warn({ invalid: result.invalidRecords.slice(0, 20), count: result.invalidRecords.length }, 'records skipped: they do not match their model');
      // Only a complete full run knows what no longer exists upstream (never after a failed run).
      if (trackSeen) {
        for (const model of models) {
          await d.services.db.transaction(async (tx) => {
            const deleted = await d.records.deleteUnseen(connection.id, stored(model), run.id, tx);
            await d.store.addCounts(run.id, model, { added: 0, updated: 0, deleted }, tx);
          });
        }
      }
      outcome = { status: 'SUCCESS', error: null };
    } else {
      outcome = { status: 'ERROR', error: { type: result.error.code, description: result.error.message, ...(result.error.payload !== undefined ? { payload: result.error.payload } : {}) } };
    }
  } catch (err) {
    outcome = { status: 'ERROR', error: { type: 'sync_failed', description: (err as Error).message } };
  }
  const finished = await d.services.db.transaction(async (tx) => {
    const done = await d.store.finishRun(run, outcome.status, outcome.error, tx);
    if (done.status === 'SUCCESS') await d.events.completed(connection, sync, done, models, tx);
    else await d.events.failed(connection, sync, done, models, tx);
    return done;
  });
  recordSyncRun(d.services.operations, connection, sync, finished);
  log.info({ status: finished.status, result: finished.result, error: finished.error }, 'sync run finished');
}
