// The `terapi_async_action` job (nango-api.md §10 X-Async): one attempt at one queued action run. The run's
// outcome and what it causes — the job of its retry, or its `async_action` webhook (§11) when the environment
// has on_async_action_completion — are written in one transaction, so a crash can neither lose the webhook
// nor send one for an outcome that was not saved.
import type { ActionRunStore } from './action-run-store.js';
import type { Database } from '../database/database.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { FunctionStore } from '../functions/function-store.js';
import type { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { webhookUrls } from '../webhooks/auth-events.js';
import { actionFailureResponse } from './action-failure.js';
import { TerapiError } from '../errors/terapi-error.js';
import { errorResponse } from '../errors/error-body.js';
import { runAction, type RunActionDeps } from './run-action.js';

/** What one async action attempt reaches. */
export interface AsyncActionJobDeps extends RunActionDeps {
  actionRuns: ActionRunStore;
  functions: Pick<FunctionStore, 'getById'>;
  environments: Pick<EnvironmentStore, 'findById'>;
  db: Database;
}

export async function runAsyncActionJob(s: AsyncActionJobDeps, outbox: WebhookOutbox, runId: string): Promise<void> {
  const run = await s.actionRuns.claim(runId);
  if (!run) return;
  const fn = await s.functions.getById(run.functionId);
  const connection = await s.connections.getById(run.connectionId);
  if (!fn || !connection) {
    await s.actionRuns.fail({ ...run, maxRetries: 0 }, errorResponse(new TerapiError('not_found.action_deleted')));
    return;
  }
  const result = await runAction(s, fn, connection, run.input, run.id);
  const env = await s.environments.findById(run.environmentId);
  await s.db.transaction(async (client) => {
    if (result.ok) await s.actionRuns.succeed(run.id, result.output, client);
    else if ((await s.actionRuns.fail(run, actionFailureResponse(result.error), client)) === 'retry') return;
    if (!env?.webhookSettings.on_async_action_completion) return;
    const statusUrl = `/action/${run.id}`;
    await outbox.enqueue(
      env.id,
      'async_action',
      { from: 'nango', type: 'async_action', connectionId: connection.connectionId, providerConfigKey: connection.providerConfigKey, payload: { id: run.id, statusUrl } },
      webhookUrls(env.webhookSettings, connection.webhookUrlOverride),
      client,
    );
  });
}
