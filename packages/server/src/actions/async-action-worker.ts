// Runs queued async actions (nango-api.md §10 X-Async) in worker processes: woken by NOTIFY terapi_actions
// and by a timer (lapsed leases, missed notifications). Any number of processes may run it. On completion,
// an `async_action` webhook (§11) goes through the outbox when the environment has on_async_action_completion.
import type { PoolClient } from 'pg';
import type { ActionRunStore } from './action-run-store.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import type { Database } from '../database/database.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { FunctionStore } from '../functions/function-store.js';
import type { Logger } from 'pino';
import type { RunActionDeps } from './run-action.js';
import type { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { webhookUrls } from '../webhooks/auth-events.js';
import { FUNCTION_LIMITS } from '../functions/function-limits.js';
import { ACTION_RUNS_CHANNEL, type ActionRun } from './action-run-store.js';
import { actionFailureResponse } from './action-failure.js';
import { runAction } from './run-action.js';
import { TerapiError } from '../errors/terapi-error.js';
import { errorResponse } from '../errors/error-body.js';

export interface AsyncActionWorkerServices extends RunActionDeps {
  actionRuns: ActionRunStore;
  connections: ConnectionStore;
  db: Database;
  environments: EnvironmentStore;
  functions: FunctionStore;
  logger: Logger;
}

/** The lease outlives the run's own wall-clock limit, so a live run is never taken over. */
const LEASE_MS = FUNCTION_LIMITS.action.timeoutMs + 60_000;
/** Runs at once per process: the machine's cores are shared with the API and syncs. */
const CONCURRENCY = 2;

export class AsyncActionWorker {
  #timer: NodeJS.Timeout | undefined;
  #listener: PoolClient | undefined;
  #active = 0;
  #stopped = false;
  readonly #inflight = new Set<Promise<void>>();

  constructor(private readonly deps: { services: AsyncActionWorkerServices; outbox: WebhookOutbox; pollMs?: number }) {}

  async start(): Promise<void> {
    this.#listener = await this.deps.services.db.pool.connect();
    this.#listener.on('notification', () => this.kick());
    await this.#listener.query(`listen ${ACTION_RUNS_CHANNEL}`);
    this.#timer = setInterval(() => this.kick(), this.deps.pollMs ?? 2_000);
    this.kick();
  }

  kick(): void {
    while (!this.#stopped && this.#active < CONCURRENCY) {
      this.#active++;
      const p = this.#drain().finally(() => {
        this.#active--;
        this.#inflight.delete(p);
      });
      this.#inflight.add(p);
    }
  }

  async #drain(): Promise<void> {
    const s = this.deps.services;
    try {
      for (;;) {
        if (this.#stopped) return;
        const run = await s.actionRuns.claim(LEASE_MS);
        if (!run) return;
        await this.#execute(run);
      }
    } catch (err) {
      if (!this.#stopped) s.logger.error({ err }, 'async action loop failed; retrying on the next tick');
    }
  }

  async #execute(run: ActionRun): Promise<void> {
    const s = this.deps.services;
    const fn = await s.functions.getById(run.functionId);
    const connection = await s.connections.getById(run.connectionId);
    if (!fn || !connection) {
      await s.actionRuns.fail({ ...run, maxRetries: 0 }, errorResponse(new TerapiError('not_found.action_deleted')));
      return;
    }
    const result = await runAction(s, fn, connection, run.input, String(run.id));
    if (result.ok) await s.actionRuns.succeed(run.id, result.output);
    else if ((await s.actionRuns.fail(run, actionFailureResponse(result.error))) === 'retry') return;
    const env = await s.environments.findById(run.environmentId);
    if (!env?.webhookSettings.on_async_action_completion) return;
    const statusUrl = `/action/${run.id}`;
    await this.deps.outbox.enqueue(
      env.id,
      'async_action',
      { from: 'nango', type: 'async_action', connectionId: connection.connectionId, providerConfigKey: connection.providerConfigKey, payload: { id: run.id, statusUrl } },
      webhookUrls(env.webhookSettings, connection.webhookUrlOverride),
    );
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await Promise.allSettled([...this.#inflight]);
    if (this.#listener) {
      await this.#listener.query(`unlisten ${ACTION_RUNS_CHANNEL}`).catch(() => {});
      this.#listener.release();
    }
  }
}
