// The intake of POST /webhook/:environmentUuid/:providerConfigKey (issue 13; nango-api.md §11), as named
// steps (STYLE.md habit 4): find the environment and integration, ask the provider module to authenticate
// and read the request (its `receiveWebhook` hook: core code never tests a provider's name), find the
// connections it concerns, store its new events and enqueue their forward webhooks and the onWebhook runs
// of the syncs that subscribe to them (syncs/sync-webhook-subscriptions.ts) in one transaction,
// and only then answer what the provider expects as an acknowledgment — so a provider that retries until
// acknowledged (Salesforce, spec/salesforce.md §5.3) loses nothing and a resent event is not sent twice.
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import type { ProviderCatalog } from '../providers/provider-catalog.js';
import { hooksOf, type IncomingWebhook, type IncomingWebhookRequest, type ProviderHooksRegistry } from '../providers/provider-hooks.js';
import type { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { TerapiError } from '../errors/terapi-error.js';
import { findWebhookTarget, matchAndStoreEvents, type MatchedConnection, type WebhookTarget } from './incoming-event-store.js';
import { forwardDeliveries } from './forward-webhook.js';
import { syncWebhookJobs } from '../syncs/sync-webhook-subscriptions.js';
import type { WebhookSecretStore } from './webhook-secret-store.js';
import type { OperationLog } from '../operations/operation-log.js';
import { recordIncomingWebhook } from '../webhooks/incoming-webhook-operation.js';

export interface IncomingWebhookIntakeDeps {
  db: Database;
  logger: Logger;
  catalog: ProviderCatalog;
  hooks: ProviderHooksRegistry;
  webhookSecrets: Pick<WebhookSecretStore, 'secretFor'>;
  outbox: Pick<WebhookOutbox, 'enqueueBatch'>;
  /** Each webhook of a known integration, accepted or refused, is a `webhook_incoming` row of the log. */
  operations: OperationLog;
}

export interface IncomingWebhookHttpRequest extends Omit<IncomingWebhookRequest, 'secret'> {
  environmentUuid: string;
  providerConfigKey: string;
}

export interface IncomingWebhookAnswer {
  contentType: string;
  body: string;
  /** Events stored now; the others were stored before (resends, replays). */
  stored: number;
  duplicates: number;
  connections: number;
}

type Target = WebhookTarget;

export class IncomingWebhookIntake {
  constructor(private readonly deps: IncomingWebhookIntakeDeps) {}

  async receive(req: IncomingWebhookHttpRequest): Promise<IncomingWebhookAnswer> {
    const startedAt = new Date();
    const target = await this.#findTarget(req);
    let webhook: IncomingWebhook | undefined;
    let connections: MatchedConnection[] = [];
    try {
      webhook = await this.#authenticateAndRead(target, req);
      const stored = await this.#storeAndForward(target, webhook);
      connections = stored.connections;
      this.#record(target, startedAt, webhook, connections, 200);
      return { ...webhook.ack, stored: stored.fresh, duplicates: webhook.events.length - stored.fresh, connections: connections.length };
    } catch (err) {
      this.#record(target, startedAt, webhook, connections, err instanceof TerapiError ? err.status : 500, err);
      throw err;
    }
  }

  #record(t: Target, startedAt: Date, webhook: IncomingWebhook | undefined, connections: MatchedConnection[], answeredStatus: number, error?: unknown): void {
    const types = [...new Set((webhook?.events ?? []).map((e) => e.type).filter((x): x is string => Boolean(x)))];
    recordIncomingWebhook(this.deps.operations, {
      environmentId: t.environment.id,
      providerConfigKey: t.integration.uniqueKey,
      connectionRowId: connections.length === 1 ? connections[0]!.id : null,
      routedTo: connections.map((c) => c.connectionId),
      eventType: types.length ? types.join(',').slice(0, 100) : 'unread',
      answeredStatus,
      startedAt,
      ...(error !== undefined ? { error } : {}),
    });
  }

  /** nango-api.md §11: 404 unknown_environment / unknown_provider_config. One query (with the secret's ciphertext). */
  async #findTarget(req: IncomingWebhookHttpRequest): Promise<Target> {
    const found = await findWebhookTarget(this.deps.db, req.environmentUuid, req.providerConfigKey);
    if (!found.environment) throw new TerapiError('unknown_environment');
    if (!found.integration) throw new TerapiError('unknown_provider_config.webhook', { key: req.providerConfigKey });
    return { environment: found.environment, integration: found.integration, webhookSecretEnc: found.webhookSecretEnc ?? null };
  }

  async #authenticateAndRead(t: Target, req: IncomingWebhookHttpRequest): Promise<IncomingWebhook> {
    const provider = this.deps.catalog.get(t.integration.provider);
    const receive = provider && hooksOf(this.deps.hooks, provider).receiveWebhook;
    if (!receive) throw new TerapiError('unknown_provider_config.no_webhooks', { key: t.integration.uniqueKey });
    const secret = await this.deps.webhookSecrets.secretFor(t.integration.id, t.webhookSecretEnc);
    return receive({ rawBody: req.rawBody, contentType: req.contentType, headers: req.headers, query: req.query, secret });
  }

  /**
   * In one transaction (both or neither): the matched connections, the events not seen before, their
   * forward webhooks and the onWebhook runs of the subscribing syncs — two statements between begin and
   * commit. No connection matched: a refusal, nothing stored.
   */
  async #storeAndForward(t: Target, webhook: IncomingWebhook): Promise<{ connections: MatchedConnection[]; fresh: number }> {
    return this.deps.db.transaction(async (client) => {
      const { connections, fresh, syncs } = await matchAndStoreEvents(client, {
        environmentId: t.environment.id,
        integrationId: t.integration.id,
        route: webhook.route,
        events: webhook.events,
      });
      if (!connections.length) this.#unmatched(t, webhook);
      if (fresh.length) {
        await this.deps.outbox.enqueueBatch(
          client,
          t.environment.id,
          forwardDeliveries({ ...t, connections, payload: webhook.forwardPayload(fresh) }),
          syncWebhookJobs(syncs, fresh, (events) => webhook.forwardPayload(events)),
        );
      }
      return { connections, fresh: fresh.length };
    });
  }

  #unmatched(t: Target, webhook: IncomingWebhook): never {
    // Logged for the operator; the sender learns only that nothing matched, not what terapi holds.
    this.deps.logger.warn({ environment: t.environment.name, integration: t.integration.uniqueKey, route: webhook.route, events: webhook.events.length }, 'incoming webhook matches no connection; refused');
    if (webhook.route.by === 'connectionId') throw new TerapiError('webhook_unmatched.connection_id', { connection_id: webhook.route.connectionId });
    throw new TerapiError('webhook_unmatched');
  }
}
