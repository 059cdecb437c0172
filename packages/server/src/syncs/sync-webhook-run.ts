// The `terapi_sync_webhook` job (issue 13 point 5): a sync's onWebhook applies an incoming webhook to the
// records at once, between scheduled runs, with the same records host as a run; then the app gets a sync
// webhook with syncType 'WEBHOOK' (nango-api.md §11), in the transaction that counted the changes. A failed
// onWebhook sends the failed sync webhook (success: false, syncType 'WEBHOOK'); the next scheduled run
// catches the change up. Each onWebhook run is a `sync` row of the operation log (mode `webhook`).
// Invariant: it holds the sync's run lock (sync-run.ts), so it never interleaves with a run of the sync.
import { orderedWrites } from './ordered-writes.js';
import type { PoolClient } from 'pg';
import { createConnectionHost } from '../functions/runner/connection-host.js';
import type { FunctionHost } from '../functions/runner/function-host.js';
import { storedModel, type BatchCounts } from '../records/record-store.js';
import { rowsOf } from '../functions/sdk/record-batch.js';
import type { JobPayloads } from '../jobs/job-kinds.js';
import { findSync, type SyncRunDeps } from './sync-run.js';
import { SYNC_RUN_LOCK_NAMESPACE, syncLockSql } from './sync-queue.js';
import { recordSyncWebhookRun } from './sync-run-operation.js';

export async function runSyncWebhook(d: SyncRunDeps, payload: JobPayloads['terapi_sync_webhook']): Promise<void> {
  const client = await d.services.db.pool.connect();
  try {
    await client.query(`select pg_advisory_lock($1, ${syncLockSql})`, [SYNC_RUN_LOCK_NAMESPACE, payload.syncId]);
    try {
      await applyLocked(d, payload);
    } finally {
      await client.query(`select pg_advisory_unlock($1, ${syncLockSql})`, [SYNC_RUN_LOCK_NAMESPACE, payload.syncId]);
    }
  } finally {
    client.release();
  }
}

async function applyLocked(d: SyncRunDeps, payload: JobPayloads['terapi_sync_webhook']): Promise<void> {
  const found = await findSync(d, payload.syncId);
  if (!found || found.connection.authStatus === 'needs_reauth') return;
  const { sync, connection, fn } = found;
  const models = Object.keys(fn.definition.models ?? {});
  const startedAt = new Date();
  const counts = new Map<string, BatchCounts>();
  const known = (model: string) => {
    if (!models.includes(model)) throw new Error(`The model "${model}" is not declared in the sync's models (${models.join(', ')}).`);
    return storedModel(model, sync.variant);
  };
  const inOrder = orderedWrites();
  const write = (model: string, apply: (q: PoolClient) => Promise<BatchCounts>) =>
    inOrder(() =>
      d.services.db.transaction(async (tx) => {
        const c = await apply(tx);
        const sum = counts.get(model) ?? { added: 0, updated: 0, deleted: 0 };
        counts.set(model, { added: sum.added + c.added, updated: sum.updated + c.updated, deleted: sum.deleted + c.deleted });
        if (c.added || c.updated || c.deleted) {
          await d.events.webhookApplied(connection, sync, model, c, startedAt, tx);
        }
      }),
    );
  const extra: Partial<FunctionHost> = {
    // As in a scheduled run (sync-run.ts): a batch's rows are made before its turn.
    batchSave: async (model, recs, payloads) => {
      const rows = rowsOf(recs, payloads);
      return write(model, (tx) => d.records.save(connection.id, known(model), rows, {}, tx));
    },
    batchUpdate: async (model, recs, payloads) => {
      const rows = rowsOf(recs, payloads);
      return write(model, (tx) => d.records.update(connection.id, known(model), rows, tx));
    },
    batchDelete: (model, recs) => write(model, (tx) => d.records.delete(connection.id, known(model), recs.map((r) => String(r.id)), tx)),
    getCheckpoint: () => d.store.getCheckpoint(sync.id),
    // The checkpoint belongs to the scheduled runs: a webhook does not move it.
    saveCheckpoint: async () => {},
    clearCheckpoint: async () => {},
    lastSyncDate: sync.lastSyncDate,
  };
  const host = createConnectionHost(d.services, connection, { functionName: fn.name, runId: `webhook:${payload.syncId}` }, extra);
  const log = d.services.logger.child({ sync: sync.name, connectionId: connection.connectionId });
  const result = await d.services.runner.run({ bundle: fn.bundle, kind: 'webhook', input: payload.payload, host, timeoutMs: d.limits.timeoutMs ?? 3_600_000, memoryMb: d.limits.memoryMb ?? 512 });
  const endedAt = new Date();
  const countsOf = Object.fromEntries(counts);
  if (!result.ok) {
    const error = { type: result.error.code, description: result.error.message, ...(result.error.payload !== undefined ? { payload: result.error.payload } : {}) };
    log.warn({ error: result.error.code, message: result.error.message }, 'sync onWebhook failed; the next scheduled run catches up');
    await d.services.db.transaction((tx) => d.events.webhookFailed(connection, sync, models, error, startedAt, endedAt, tx));
    recordSyncWebhookRun(d.services.operations, connection, sync, { startedAt, endedAt, counts: countsOf, error });
    return;
  }
  recordSyncWebhookRun(d.services.operations, connection, sync, { startedAt, endedAt, counts: countsOf });
  log.info({ result: countsOf }, 'sync onWebhook applied');
}
