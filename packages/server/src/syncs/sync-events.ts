// Sync webhooks to the app (nango-api.md §11, type 'sync'), one per model, through the durable outbox.
// on_sync_completion_always off: a success with no changes is not sent; on_sync_error gates failures.
// Enqueued in the transaction that records the run's outcome: both happen, or neither.
import type { Connection } from '../connections/connection-store.js';
import type { Queryable } from '../database/database.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import { webhookUrls } from '../webhooks/auth-events.js';
import type { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import type { BatchCounts } from '../records/record-store.js';
import type { SyncRow, SyncRun } from './sync-store.js';

export class SyncEvents {
  constructor(private readonly deps: { outbox: WebhookOutbox; environments: EnvironmentStore }) {}

  /** The fields every sync webhook carries; §11: full runs show as INITIAL. */
  #base(c: Connection, sync: SyncRow, model: string, syncType: 'INITIAL' | 'INCREMENTAL' | 'WEBHOOK') {
    return {
      from: 'nango',
      type: 'sync',
      connectionId: c.connectionId,
      providerConfigKey: c.providerConfigKey,
      syncName: sync.name,
      syncVariant: sync.variant,
      model,
      syncType,
    };
  }

  async completed(c: Connection, sync: SyncRow, run: SyncRun, models: string[], q?: Queryable): Promise<void> {
    const env = await this.deps.environments.findById(c.environmentId);
    if (!env) return;
    const urls = webhookUrls(env.webhookSettings, c.webhookUrlOverride);
    for (const model of models) {
      const r: BatchCounts = { added: 0, updated: 0, deleted: 0, ...run.result[model] };
      // A run with a note (e.g. stopped at the API reserve) is worth telling even when it changed nothing.
      if (!env.webhookSettings.on_sync_completion_always && !r.added && !r.updated && !r.deleted && !run.note) continue;
      const modifiedAfter = run.startedAt.toISOString();
      await this.deps.outbox.enqueue(
        env.id,
        'sync',
        { ...this.#base(c, sync, model, runSyncType(run)), success: true, modifiedAfter, queryTimeStamp: modifiedAfter, responseResults: { added: r.added, updated: r.updated, deleted: r.deleted }, ...(run.note ? { note: run.note } : {}) },
        urls,
        q,
      );
    }
  }

  /**
   * Records an incoming webhook applied to `model` (syncs/sync-webhook-run.ts): syncType 'WEBHOOK', sent
   * per batch that changed something, in the batch's transaction.
   */
  async webhookApplied(c: Connection, sync: SyncRow, model: string, r: BatchCounts, startedAt: Date, q?: Queryable): Promise<void> {
    const env = await this.deps.environments.findById(c.environmentId);
    if (!env) return;
    const modifiedAfter = startedAt.toISOString();
    await this.deps.outbox.enqueue(
      env.id,
      'sync',
      {
        ...this.#base(c, sync, model, 'WEBHOOK'),
        success: true,
        modifiedAfter,
        queryTimeStamp: modifiedAfter,
        responseResults: { added: r.added, updated: r.updated, deleted: r.deleted },
      },
      webhookUrls(env.webhookSettings, c.webhookUrlOverride),
      q,
    );
  }

  /**
   * An onWebhook that failed (syncs/sync-webhook-run.ts): the app hears it as a failed sync of syncType
   * 'WEBHOOK', one per model of the sync, under on_sync_error like a failed run. The next scheduled run
   * catches the change up.
   */
  async webhookFailed(c: Connection, sync: SyncRow, models: string[], error: { type: string; description: string; payload?: unknown }, startedAt: Date, failedAt: Date, q?: Queryable): Promise<void> {
    const env = await this.deps.environments.findById(c.environmentId);
    if (!env || !env.webhookSettings.on_sync_error) return;
    const urls = webhookUrls(env.webhookSettings, c.webhookUrlOverride);
    for (const model of models) {
      await this.deps.outbox.enqueue(
        env.id,
        'sync',
        {
          ...this.#base(c, sync, model, 'WEBHOOK'),
          success: false,
          error: { type: error.type, description: error.description, ...(error.payload !== undefined ? { payload: error.payload } : {}) },
          startedAt: startedAt.toISOString(),
          failedAt: failedAt.toISOString(),
        },
        urls,
        q,
      );
    }
  }

  async failed(c: Connection, sync: SyncRow, run: SyncRun, models: string[], q?: Queryable): Promise<void> {
    const env = await this.deps.environments.findById(c.environmentId);
    if (!env || !env.webhookSettings.on_sync_error) return;
    const urls = webhookUrls(env.webhookSettings, c.webhookUrlOverride);
    for (const model of models) {
      await this.deps.outbox.enqueue(
        env.id,
        'sync',
        {
          ...this.#base(c, sync, model, runSyncType(run)),
          success: false,
          error: { type: run.error?.type ?? 'sync_failed', description: run.error?.description ?? 'The sync failed.', ...(run.error?.payload !== undefined ? { payload: run.error.payload } : {}) },
          startedAt: run.startedAt.toISOString(),
          failedAt: (run.finishedAt ?? new Date()).toISOString(),
        },
        urls,
        q,
      );
    }
  }
}

function runSyncType(run: SyncRun): 'INITIAL' | 'INCREMENTAL' {
  return run.mode === 'full' ? 'INITIAL' : 'INCREMENTAL';
}
