// What the /sync routes, the composition root and deploys ask of syncs (nango-api.md §9): which syncs a request
// names, trigger/start/pause, status, frequency overrides, autoStart on new connections, and the worker that
// runs jobs and plans each sync's next run.
import type { Logger } from 'pino';
import type { Connection } from '../connections/connection-store.js';
import type { Database, Queryable } from '../database/database.js';
import { TerapiError } from '../errors/terapi-error.js';
import type { DeployedFunction, FunctionStore } from '../functions/function-store.js';
import type { RecordStore } from '../records/record-store.js';
import { storedModel } from '../records/record-store.js';
import type { IntegrationStore } from '../integrations/integration-store.js';
import { SyncEvents } from './sync-events.js';
import { DEFAULT_FREQUENCY, displayFrequency, parseFrequency } from './sync-frequency.js';
import { SyncQueue, type SyncJobPayload, type SyncQueueOptions } from './sync-queue.js';
import { runSyncJob, type SyncRunDeps, type SyncRunLimits, type SyncRunServices } from './sync-run.js';
import { runSyncWebhook } from './sync-webhook-run.js';
import type { JobPayloads } from '../jobs/job-kinds.js';
import { SyncStore, type SyncRow } from './sync-store.js';

export interface SyncName {
  name: string;
  variant: string;
}

export interface SyncTarget {
  sync: SyncRow;
  connection: Connection;
  fn: DeployedFunction;
}

export interface SyncServiceOptions extends SyncQueueOptions, SyncRunLimits {}

export type TriggerMode = 'incremental' | 'full' | 'full_and_clear';

export interface SyncStatus {
  id: string;
  connection_id: string;
  name: string;
  variant: string;
  type: 'INCREMENTAL' | 'INITIAL';
  status: 'RUNNING' | 'SUCCESS' | 'ERROR' | 'PAUSED' | 'STOPPED';
  finishedAt: string | undefined;
  nextScheduledSyncAt: string | null;
  frequency: string | null;
  latestResult: Record<string, { added: number; updated: number; deleted: number }> | undefined;
  latestExecutionStatus: string | undefined;
  /** terapi's own: the latest finished run's note (nango.setRunNote), e.g. that it stopped at the API reserve. */
  latestNote: string | undefined;
  recordCount: Record<string, number>;
  checkpoint: Record<string, unknown> | null;
}

/** "name", "name::variant" or {name, variant} (nango-api.md §9); the default variant is base. */
export function parseSyncName(s: string | { name: string; variant?: string | undefined }): SyncName {
  if (typeof s !== 'string') return { name: s.name, variant: s.variant || 'base' };
  const [name = '', variant] = s.split('::');
  return { name, variant: variant || 'base' };
}

export class SyncService {
  readonly store: SyncStore;
  readonly queue: SyncQueue;
  readonly #events: SyncEvents;
  readonly #logger: Logger;

  constructor(
    private readonly services: () => SyncRunServices & { integrations: IntegrationStore },
    private readonly deps: { db: Database; logger: Logger; records: RecordStore; functions: FunctionStore; events: SyncEvents; options?: SyncServiceOptions },
  ) {
    this.store = new SyncStore(deps.db);
    this.queue = new SyncQueue({ db: deps.db, logger: deps.logger, ...(deps.options ? { options: deps.options } : {}) });
    this.#events = deps.events;
    this.#logger = deps.logger;
  }

  /** In worker and all roles: frees the sync jobs of dead workers (the jobs themselves run in jobs/job-runner.ts). */
  start(runJobs: boolean): void {
    if (runJobs) this.queue.startRecovery();
  }

  stop(): void {
    this.queue.stop();
  }

  /**
   * A new (or re-authorized) connection gets its sync rows, and autoStart ones their first job, in the
   * caller's transaction (auth/authorized-connection.ts): committed with the connection or not at all.
   */
  async onConnected(connection: Connection, q: Queryable): Promise<void> {
    const fns = await this.deps.functions.listActive(connection.environmentId, connection.providerConfigKey, 'sync');
    await this.#ensure(connection, fns, q);
  }

  /** After a deploy: every connection of the integration gets rows for new syncs (autoStart ones start). */
  async onDeployed(environmentId: number, integrationKey: string): Promise<void> {
    const fns = await this.deps.functions.listActive(environmentId, integrationKey, 'sync');
    if (!fns.length) return;
    const connections = await this.services().connections.list(environmentId, { integrationKeys: [integrationKey], limit: 100_000, offset: 0 });
    for (const c of connections) await this.#ensure(c, fns);
  }

  async #ensure(connection: Connection, fns: DeployedFunction[], q: Queryable = this.deps.db): Promise<SyncRow[]> {
    const created = await this.store.ensure(
      connection.id,
      fns.map((f) => ({ name: f.name, autoStart: f.definition.autoStart !== false })),
      q,
    );
    for (const sync of created) if (sync.scheduleStatus === 'STARTED') await this.#plan(sync.id, new Date(), 'replace', q);
    return created;
  }

  /**
   * The syncs a request names, on one connection or on every connection of the integration. An empty list
   * (or '*') means all of the integration's syncs. Throws the §9 error codes.
   */
  async resolve(environmentId: number, providerConfigKey: string, connectionId: string | undefined, names: SyncName[] | '*'): Promise<SyncTarget[]> {
    const s = this.services();
    if (!(await s.integrations.get(environmentId, providerConfigKey))) throw new TerapiError('unknown_provider_config');
    let connections: Connection[];
    if (connectionId !== undefined) {
      const c = await s.connections.get(environmentId, providerConfigKey, connectionId);
      if (!c) throw new TerapiError('unknown_connection');
      connections = [c];
    } else {
      connections = await s.connections.list(environmentId, { integrationKeys: [providerConfigKey], limit: 100_000, offset: 0 });
    }
    const fns = await this.deps.functions.listActive(environmentId, providerConfigKey, 'sync');
    const wanted = names === '*' || names.length === 0 ? fns.map((f) => ({ name: f.name, variant: 'base' })) : names;
    const byName = new Map(fns.map((f) => [f.name, f]));
    const missing = wanted.filter((w) => !byName.has(w.name));
    if (names !== '*' && names.length && missing.length === wanted.length) throw new TerapiError('no_syncs_found.named', { names: missing.map((m) => m.name).join(', '), key: providerConfigKey });
    if (missing.length) throw new TerapiError('unknown_sync.named', { names: missing.map((m) => m.name).join(', '), key: providerConfigKey });
    const out: SyncTarget[] = [];
    for (const connection of connections) {
      await this.#ensure(connection, fns);
      const rows = await this.store.listForConnection(connection.id);
      for (const w of wanted) {
        const sync = rows.find((r) => r.name === w.name && r.variant === w.variant);
        if (!sync) throw new TerapiError('unknown_sync.variant', { sync: w.name, variant: w.variant, connection_id: connection.connectionId });
        out.push({ sync, connection, fn: byName.get(w.name)! });
      }
    }
    return out;
  }

  /** POST /sync/:name/variant/:variant: the variant starts like its sync (autoStart); its records are "<Model>::<variant>". */
  async createVariant(environmentId: number, providerConfigKey: string, connectionId: string, name: string, variant: string): Promise<SyncRow> {
    const { connection, fn } = await this.#variantScope(environmentId, providerConfigKey, connectionId, name);
    const autoStart = fn.definition.autoStart !== false;
    const sync = await this.store.createVariant(connection.id, name, variant, autoStart ? 'STARTED' : 'PAUSED');
    if (!sync) throw new TerapiError('sync_variant_already_exists');
    if (autoStart) await this.#plan(sync.id, new Date(), 'replace');
    return sync;
  }

  /** DELETE /sync/:name/variant/:variant: the variant, its pending job and its records go. */
  async deleteVariant(environmentId: number, providerConfigKey: string, connectionId: string, name: string, variant: string): Promise<boolean> {
    const { connection, fn } = await this.#variantScope(environmentId, providerConfigKey, connectionId, name);
    const deleted = await this.store.deleteVariant(connection.id, name, variant);
    if (!deleted) return false;
    await this.queue.cancel(deleted.id);
    await this.deps.records.clear(connection.id, Object.keys(fn.definition.models ?? {}).map((m) => storedModel(m, variant)));
    return true;
  }

  async #variantScope(environmentId: number, providerConfigKey: string, connectionId: string, name: string): Promise<{ connection: Connection; fn: DeployedFunction }> {
    const s = this.services();
    if (!(await s.integrations.get(environmentId, providerConfigKey))) throw new TerapiError('unknown_provider_config');
    const connection = await s.connections.get(environmentId, providerConfigKey, connectionId);
    if (!connection) throw new TerapiError('unknown_connection');
    const fn = await this.deps.functions.getActive(environmentId, providerConfigKey, name);
    if (!fn || fn.kind !== 'sync') throw new TerapiError('unknown_sync');
    return { connection, fn };
  }

  /** POST /sync/trigger: runs now (even when paused); full modes restart from scratch. */
  async trigger(targets: SyncTarget[], mode: TriggerMode): Promise<void> {
    if (mode !== 'incremental') await this.store.requestMode(targets.map((t) => t.sync.id), mode);
    for (const t of targets) await this.queue.schedule({ syncId: t.sync.id, triggered: true }, new Date(), 'replace');
  }

  async startSchedules(targets: SyncTarget[]): Promise<void> {
    await this.store.setScheduleStatus(targets.map((t) => t.sync.id), 'STARTED');
    for (const t of targets) {
      const last = t.sync.lastSyncDate;
      const due = last ? new Date(Math.max(Date.now(), last.getTime() + this.#frequencyMs(t.sync, t.fn))) : new Date();
      await this.#plan(t.sync.id, due, 'replace');
    }
  }

  async pauseSchedules(targets: SyncTarget[]): Promise<void> {
    await this.store.setScheduleStatus(targets.map((t) => t.sync.id), 'PAUSED');
    for (const t of targets) {
      await this.queue.cancel(t.sync.id);
      await this.store.setNextRunAt(t.sync.id, null);
    }
  }

  /** PUT /sync/update-connection-frequency: null restores the function's own frequency; returns the effective one. */
  async updateFrequency(target: SyncTarget, frequency: string | null): Promise<string> {
    if (frequency !== null) parseFrequency(frequency);
    await this.store.setFrequencyOverride(target.sync.id, frequency);
    const sync = { ...target.sync, frequencyOverride: frequency };
    if (sync.scheduleStatus === 'STARTED') {
      const base = sync.lastSyncDate?.getTime() ?? Date.now();
      await this.#plan(sync.id, new Date(Math.max(Date.now(), base + this.#frequencyMs(sync, target.fn))), 'replace');
    }
    return displayFrequency(this.#frequency(sync, target.fn));
  }

  async status(targets: SyncTarget[]): Promise<SyncStatus[]> {
    const latest = await this.store.latestRuns(targets.map((t) => t.sync.id));
    const out: SyncStatus[] = [];
    for (const { sync, connection, fn } of targets) {
      const fresh = (await this.store.getById(sync.id)) ?? sync;
      const run = latest.get(sync.id);
      const models = Object.keys(fn.definition.models ?? {});
      const counts = await this.deps.records.countByModel(connection.id, models.map((m) => storedModel(m, sync.variant)));
      const status: SyncStatus['status'] =
        run?.status === 'RUNNING' ? 'RUNNING' : fresh.scheduleStatus === 'PAUSED' ? 'PAUSED' : run?.status === 'ERROR' || run?.status === 'SKIPPED' ? 'ERROR' : 'SUCCESS';
      out.push({
        id: sync.id,
        connection_id: connection.connectionId,
        name: sync.name,
        variant: sync.variant,
        type: run?.mode === 'full' || !fresh.lastSyncDate ? 'INITIAL' : 'INCREMENTAL',
        status,
        finishedAt: run?.finishedAt?.toISOString(),
        nextScheduledSyncAt: fresh.scheduleStatus === 'STARTED' ? (fresh.nextRunAt?.toISOString() ?? null) : null,
        frequency: displayFrequency(this.#frequency(fresh, fn)),
        latestResult: run && run.status !== 'RUNNING' ? Object.fromEntries(models.map((m) => [m, { added: 0, updated: 0, deleted: 0, ...run.result[m] }])) : undefined,
        latestExecutionStatus: run?.status,
        latestNote: run && run.status !== 'RUNNING' ? (run.note ?? undefined) : undefined,
        recordCount: Object.fromEntries(models.map((m) => [m, counts[storedModel(m, sync.variant)] ?? 0])),
        checkpoint: fresh.checkpoint,
      });
    }
    return out;
  }

  #frequency(sync: SyncRow, fn: DeployedFunction): string {
    return sync.frequencyOverride ?? fn.definition.frequency ?? DEFAULT_FREQUENCY;
  }

  #frequencyMs(sync: SyncRow, fn: DeployedFunction): number {
    try {
      return parseFrequency(this.#frequency(sync, fn));
    } catch {
      return parseFrequency(DEFAULT_FREQUENCY);
    }
  }

  async #plan(syncId: string, at: Date, mode: 'replace' | 'preserve_run_at', q: Queryable = this.deps.db): Promise<void> {
    // preserve_run_at may keep an earlier pending time: record the one the queue kept.
    await this.store.setNextRunAt(syncId, await this.queue.schedule({ syncId }, at, mode, q), q);
  }

  #runDeps(): SyncRunDeps {
    return {
      services: this.services(),
      store: this.store,
      records: this.deps.records,
      events: this.#events,
      getFunction: (c, name) => this.deps.functions.getActive(c.environmentId, c.providerConfigKey, name),
      limits: this.deps.options ?? {},
    };
  }

  /** The `terapi_sync_webhook` job (jobs/job-kinds.ts): the sync's onWebhook for new incoming events. */
  handleWebhookJob(payload: JobPayloads['terapi_sync_webhook']): Promise<void> {
    return runSyncWebhook(this.#runDeps(), payload);
  }

  /** The `terapi_sync` job (jobs/job-kinds.ts). */
  async handleJob(payload: SyncJobPayload): Promise<void> {
    const outcome = await runSyncJob(this.#runDeps(), payload);
    if (!outcome) return;
    const sync = (await this.store.getById(outcome.sync.id)) ?? outcome.sync;
    if (sync.scheduleStatus !== 'STARTED') return;
    // preserve_run_at: a trigger that arrived during this run keeps its earlier time.
    await this.#plan(sync.id, new Date(Date.now() + this.#frequencyMs(sync, outcome.fn)), 'preserve_run_at');
    this.#logger.debug({ sync: sync.name }, 'next sync run planned');
  }
}

export { SyncEvents };
