// The intake of POST /webhook/:environmentUuid/:providerConfigKey (issue 13; nango-api.md §11), as named
// steps (STYLE.md habit 4): find the environment and integration, ask the provider module to authenticate
// and read the request (its `receiveWebhook` hook: core code never tests a provider's name), find the
// connections it concerns, store its new events and enqueue their forward webhooks and the onWebhook runs
// of the syncs that subscribe to them (syncs/sync-webhook-subscriptions.ts) in one transaction,
// and only then answer what the provider expects as an acknowledgment — so a provider that retries until
// acknowledged (Salesforce, spec/salesforce.md §5.3) loses nothing and a resent event is not sent twice.
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import type { Environment, EnvironmentStore } from '../environments/environment-store.js';
import type { Integration, IntegrationStore } from '../integrations/integration-store.js';
import type { ProviderCatalog } from '../providers/provider-catalog.js';
import { hooksOf, type IncomingWebhook, type IncomingWebhookRequest, type ProviderHooksRegistry } from '../providers/provider-hooks.js';
import type { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { TerapiError } from '../errors/terapi-error.js';
import { matchConnections, storeNewEvents, type MatchedConnection } from './incoming-event-store.js';
import { enqueueForwards } from './forward-webhook.js';
import { enqueueSyncWebhooks } from '../syncs/sync-webhook-subscriptions.js';
import type { WebhookSecretStore } from './webhook-secret-store.js';
import type { OperationLog } from '../operations/operation-log.js';
import { recordIncomingWebhook } from '../webhooks/incoming-webhook-operation.js';

export interface IncomingWebhookIntakeDeps {
  db: Database;
  logger: Logger;
  environments: Pick<EnvironmentStore, 'findByUuid'>;
  integrations: Pick<IntegrationStore, 'get'>;
  catalog: ProviderCatalog;
  hooks: ProviderHooksRegistry;
  webhookSecrets: Pick<WebhookSecretStore, 'getOrCreate'>;
  outbox: Pick<WebhookOutbox, 'enqueue'>;
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

interface Target {
  environment: Environment;
  integration: Integration;
}

export class IncomingWebhookIntake {
  constructor(private readonly deps: IncomingWebhookIntakeDeps) {}

  async receive(req: IncomingWebhookHttpRequest): Promise<IncomingWebhookAnswer> {
    const startedAt = new Date();
    const target = await this.#findTarget(req);
    let webhook: IncomingWebhook | undefined;
    let connections: MatchedConnection[] = [];
    try {
      webhook = await this.#authenticateAndRead(target, req);
      connections = await this.#findConnections(target, webhook);
      const fresh = await this.#storeAndForward(target, connections, webhook);
      this.#record(target, startedAt, webhook, connections, 200);
      return { ...webhook.ack, stored: fresh, duplicates: webhook.events.length - fresh, connections: connections.length };
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

  /** nango-api.md §11: 404 unknown_environment / unknown_provider_config. */
  async #findTarget(req: IncomingWebhookHttpRequest): Promise<Target> {
    const environment = await this.deps.environments.findByUuid(req.environmentUuid);
    if (!environment) throw new TerapiError('unknown_environment');
    const integration = await this.deps.integrations.get(environment.id, req.providerConfigKey);
    if (!integration) throw new TerapiError('unknown_provider_config.webhook', { key: req.providerConfigKey });
    return { environment, integration };
  }

  async #authenticateAndRead(t: Target, req: IncomingWebhookHttpRequest): Promise<IncomingWebhook> {
    const provider = this.deps.catalog.get(t.integration.provider);
    const receive = provider && hooksOf(this.deps.hooks, provider).receiveWebhook;
    if (!receive) throw new TerapiError('unknown_provider_config.no_webhooks', { key: t.integration.uniqueKey });
    const secret = await this.deps.webhookSecrets.getOrCreate(t.integration.id);
    return receive({ rawBody: req.rawBody, contentType: req.contentType, headers: req.headers, query: req.query, secret });
  }

  async #findConnections(t: Target, webhook: IncomingWebhook): Promise<MatchedConnection[]> {
    const connections = await matchConnections(this.deps.db, t.integration.id, webhook.route);
    if (connections.length) return connections;
    // Logged for the operator; the sender learns only that nothing matched, not what terapi holds.
    this.deps.logger.warn({ environment: t.environment.name, integration: t.integration.uniqueKey, route: webhook.route, events: webhook.events.length }, 'incoming webhook matches no connection; refused');
    if (webhook.route.by === 'connectionId') throw new TerapiError('webhook_unmatched.connection_id', { connection_id: webhook.route.connectionId });
    throw new TerapiError('webhook_unmatched');
  }

  /** The events not seen before and their forward webhooks, in one transaction: both or neither. */
  async #storeAndForward(t: Target, connections: MatchedConnection[], webhook: IncomingWebhook): Promise<number> {
    return this.deps.db.transaction(async (client) => {
      const fresh = await storeNewEvents(client, {
        environmentId: t.environment.id,
        integrationId: t.integration.id,
        connectionIds: connections.map((c) => c.id),
        events: webhook.events,
      });
      if (fresh.length) {
        await enqueueForwards(client, this.deps.outbox, { ...t, connections, payload: webhook.forwardPayload(fresh) });
        await enqueueSyncWebhooks(client, { connectionIds: connections.map((c) => c.id), events: fresh, payloadOf: (events) => webhook.forwardPayload(events) });
      }
      return fresh.length;
    });
  }
}
