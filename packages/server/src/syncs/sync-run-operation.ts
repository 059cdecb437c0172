// The `sync` row of the operation log (issue 12 point 5): one per run, from its start to its end, with its
// mode, record counts per model and its error; and one per onWebhook run (mode `webhook`, issue 13 point 5).
import type { Connection } from '../connections/connection-store.js';
import type { OperationLog } from '../operations/operation-log.js';
import { clippedText } from '../operations/operation-kinds.js';
import { durationMs } from '../operations/operation-outcome.js';
import type { SyncRow, SyncRun } from './sync-store.js';

export function recordSyncRun(log: OperationLog, connection: Connection, sync: SyncRow, run: SyncRun): void {
  const endedAt = run.finishedAt ?? new Date();
  const failed = run.status !== 'SUCCESS';
  log.record({
    environmentId: connection.environmentId,
    kind: 'sync',
    connectionId: connection.id,
    providerConfigKey: connection.providerConfigKey,
    status: failed ? 'failed' : 'success',
    message: `sync ${sync.name} ${run.mode} run ${failed ? 'failed' : 'succeeded'}${run.note && !failed ? ` (${run.note})` : ''}`,
    detail: {
      sync_name: sync.name,
      variant: sync.variant,
      run_id: String(run.id),
      mode: run.mode,
      attempts: run.attempts,
      connection_id: connection.connectionId,
      counts: run.result,
      duration_ms: durationMs(run.startedAt, endedAt),
      ...(run.note ? { note: clippedText(run.note) } : {}),
      ...(run.error ? { error_code: run.error.type, error_message: clippedText(run.error.description) } : {}),
    },
    startedAt: run.startedAt,
    endedAt,
  });
}

/** The `sync` row of one onWebhook run: what it changed per model, or why it failed. */
export function recordSyncWebhookRun(
  log: OperationLog,
  connection: Connection,
  sync: SyncRow,
  r: { startedAt: Date; endedAt: Date; counts: Record<string, unknown>; error?: { type: string; description: string } },
): void {
  log.record({
    environmentId: connection.environmentId,
    kind: 'sync',
    connectionId: connection.id,
    providerConfigKey: connection.providerConfigKey,
    status: r.error ? 'failed' : 'success',
    message: `sync ${sync.name} webhook run ${r.error ? 'failed' : 'succeeded'}`,
    detail: {
      sync_name: sync.name,
      variant: sync.variant,
      mode: 'webhook',
      connection_id: connection.connectionId,
      counts: r.counts,
      duration_ms: durationMs(r.startedAt, r.endedAt),
      ...(r.error ? { error_code: r.error.type, error_message: clippedText(r.error.description) } : {}),
    },
    startedAt: r.startedAt,
    endedAt: r.endedAt,
  });
}
