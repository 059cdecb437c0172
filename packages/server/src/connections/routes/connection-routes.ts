// /connections (nango-api.md §6): list, get (fresh credentials), patch, delete, metadata, import.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteInput } from '../../http/route-input.js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import type { ProviderCatalog } from '../../providers/provider-catalog.js';
import type { TerapiConfig } from '../../config/config.js';
import type { ConnectionStore } from '../connection-store.js';
import type { CredentialLifecycle } from '../../auth/credential-lifecycle.js';
import type { Database } from '../../database/database.js';
import type { IntegrationStore } from '../../integrations/integration-store.js';
import type { AuthorizedConnectionDeps } from '../../auth/authorized-connection.js';
import type { RevokeConnectionDeps } from '../../auth/revoke-connection.js';
import type { ConnectionEventsDeps } from '../../functions/connection-events.js';
import { validateConnectionConfig } from '../../providers/connection-config.js';
import { checkAutomatedConnectionConfig } from '../../providers/allowed-hosts.js';
import { UNIQUE_KEY } from '../../integrations/routes/integration-routes.js';
import { saveAuthorizedConnection } from '../../auth/authorized-connection.js';
import { revokeConnectionTokens } from '../../auth/revoke-connection.js';
import { runConnectionEvents } from '../../functions/connection-events.js';
import { refusePrivateWebhookUrl } from '../../webhooks/webhook-url-override.js';
import { isStorableDate } from '../../http/real-date-time.js';
import { toApiConnection, toApiConnectionListItem } from '../connection-presenter.js';
import { CONNECTION_STATUSES, connectionStatus } from '../connection-status.js';
import { decodeKeyset, encodeKeyset } from '../../database/keyset-cursor.js';

export interface ConnectionRouteDeps extends AuthorizedConnectionDeps, RevokeConnectionDeps, ConnectionEventsDeps {
  catalog: ProviderCatalog;
  config: TerapiConfig;
  connections: ConnectionStore;
  credentials: CredentialLifecycle;
  db: Database;
  integrations: IntegrationStore;
}

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])]).transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');
const connectionParams = z.object({ connectionId: z.string().min(1).max(255) });
const endUserInput = z
  .object({ id: z.string().min(1).max(255), email: z.string().email().optional(), display_name: z.string().max(255).optional(), tags: z.record(z.string(), z.string()).optional(), organization: z.object({ id: z.string().max(255), display_name: z.string().max(255).optional() }).strict().optional() })
  .strict();
const tags = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_\-./]*$/).max(64), z.string().min(1).max(255)).refine((t) => Object.keys(t).length <= 10, 'at most 10 tags');
const lowerKeys = (t: Record<string, string>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k.toLowerCase(), v]));

const listQuery = z
  .object({
    connectionId: z.string().optional(),
    search: z.string().min(1).max(255).optional(),
    endUserId: z.string().optional(),
    endUserOrganizationId: z.string().optional(),
    integrationId: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    limit: z.coerce.number().int().min(1).max(2000).optional(),
    page: z.coerce.number().int().min(0).optional(),
    // terapi's additions (issue 12 point 4), all optional, so Nango's clients see the same contract.
    status: z.enum(CONNECTION_STATUSES).optional().describe('healthy, expired (token past its known expiry) or refresh_failed (the end user must reconnect).'),
    cursor: z.string().min(1).max(200).optional().describe('next_cursor of the previous answer: the next page by keyset (instead of page).'),
  })
  .strict()
  .refine((q) => !(q.cursor && q.page), { message: 'pass cursor or page, not both', path: ['cursor'] });
const getQuery = z.object({ provider_config_key: UNIQUE_KEY, force_refresh: bool.optional(), refresh_token: bool.optional(), refresh_github_app_jwt_token: bool.optional() }).strict();
const keyQuery = z.object({ provider_config_key: UNIQUE_KEY }).strict();
const noQuery = z.object({}).strict();
const patchBody = z.object({ end_user: endUserInput.optional(), tags: tags.optional(), webhook_url_override: z.union([z.literal(''), z.string().url()]).optional() }).strict();
const metadataBody = z.object({ connection_id: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]), provider_config_key: UNIQUE_KEY, metadata: z.record(z.string(), z.unknown()) }).strict();
const EXPIRES_AT = z.coerce.date().refine(isStorableDate, 'must be a date in the years 1 to 9999');
const importCredentials = z.discriminatedUnion('type', [
  z.object({ type: z.literal('OAUTH2'), access_token: z.string().min(1), refresh_token: z.string().optional(), expires_at: EXPIRES_AT.optional(), raw: z.record(z.string(), z.unknown()).optional() }).strict(),
  z.object({ type: z.literal('OAUTH2_CC'), token: z.string().min(1), client_id: z.string().min(1), client_secret: z.string().min(1), expires_at: EXPIRES_AT.optional(), raw: z.record(z.string(), z.unknown()).optional() }).strict(),
  z.object({ type: z.literal('API_KEY'), apiKey: z.string().min(1) }).strict(),
  z.object({ type: z.literal('BASIC'), username: z.string(), password: z.string() }).strict(),
]);
const importBody = z
  .object({
    provider_config_key: UNIQUE_KEY,
    connection_id: z.string().min(1).max(255).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    connection_config: z.record(z.string(), z.unknown()).optional(),
    webhook_url_override: z.union([z.literal(''), z.string().url()]).optional(),
    end_user: endUserInput.optional(),
    tags: tags.optional(),
    credentials: importCredentials,
  })
  .strict();

export function registerConnectionRoutes(app: FastifyInstance, s: ConnectionRouteDeps): void {
  declareRoute(app, { method: 'GET', url: '/connections', auth: SECRET, summary: 'List connections (filters: connectionId, search, endUserId, integrationId, tags, status; keyset cursor)', tag: 'Connections', query: listQuery }, async (req, _reply, { query: q }) => {
    const env = authedEnvironment(req);
    const limit = q.limit ?? 10_000;
    const list = await s.connections.list(env.id, {
      connectionId: q.connectionId,
      search: q.search,
      endUserId: q.endUserId,
      endUserOrganizationId: q.endUserOrganizationId,
      integrationKeys: q.integrationId?.split(',').map((k) => k.trim()).filter(Boolean),
      tags: q.tags ? lowerKeys(q.tags) : undefined,
      status: q.status,
      // One more than the page tells whether there is a next one.
      limit: limit + 1,
      offset: (q.page ?? 0) * limit,
      after: q.cursor ? decodeKeyset(q.cursor) : undefined,
    });
    const page = list.slice(0, limit);
    const last = page[page.length - 1];
    return {
      connections: page.map((c) => ({ ...toApiConnectionListItem(c), status: connectionStatus(c) })),
      next_cursor: list.length > limit && last ? encodeKeyset(last.position) : null,
    };
  });

  declareRoute(app, { method: 'GET', url: '/connections/:connectionId', auth: SECRET, summary: 'Get a connection with fresh credentials (refreshed when due; force_refresh=true forces it)', tag: 'Connections', params: connectionParams, query: getQuery }, async (req, _reply, { params: { connectionId }, query: q }) => {
    const env = authedEnvironment(req);
    // One query on the hot path: the connection (joined with its integration); the integration alone is
    // looked up only to tell the two "missing" answers apart.
    const connection = await s.connections.get(env.id, q.provider_config_key, connectionId);
    if (!connection) {
      if (!(await s.integrations.get(env.id, q.provider_config_key))) throw new TerapiError('unknown_provider_config');
      throw new TerapiError('not_found.connection');
    }
    let fresh;
    try {
      fresh = await s.credentials.fresh(connection, { forceRefresh: q.force_refresh ?? false });
    } catch (err) {
      if (err instanceof TerapiError && (err.code === 'invalid_credentials' || err.code === 'connection_refresh_backoff')) {
        const failed = (await s.connections.getById(connection.id)) ?? connection;
        throw err.with({ payload: { ...(err.payload as object), connection: { ...toApiConnection(failed, { includeRefreshToken: false }), credentials: {} } } });
      }
      throw err;
    }
    void s.connections.touchFetched(fresh.id).catch(() => {});
    return toApiConnection(fresh, { includeRefreshToken: q.refresh_token ?? false });
  });

  declareRoute(app, { method: 'PATCH', url: '/connections/:connectionId', auth: SECRET, summary: "Update a connection's end user and tags", tag: 'Connections', params: connectionParams, query: keyQuery, body: patchBody }, async (req, _reply, { params: { connectionId }, query: q, body: b }) => {
    const env = authedEnvironment(req);
    refusePrivateWebhookUrl(b.webhook_url_override, s.config.upstreamMap);
    if (!(await s.integrations.get(env.id, q.provider_config_key))) throw new TerapiError('unknown_provider_config');
    const connection = await s.connections.get(env.id, q.provider_config_key, connectionId);
    if (!connection) throw new TerapiError('not_found.connection');
    await s.connections.patch(connection.id, {
      endUser: b.end_user ? { ...b.end_user, organization: b.end_user.organization ?? null } : undefined,
      tags: b.tags ? lowerKeys(b.tags) : undefined,
      webhookUrlOverride: b.webhook_url_override,
    });
    return { success: true };
  });

  declareRoute(app, { method: 'DELETE', url: '/connections/:connectionId', auth: SECRET, summary: 'Delete a connection (its token is revoked at the provider, best effort)', tag: 'Connections', params: connectionParams, query: keyQuery }, async (req, _reply, { params: { connectionId }, query: q }) => {
    const env = authedEnvironment(req);
    const connection = await s.connections.get(env.id, q.provider_config_key, connectionId);
    if (!connection) throw new TerapiError('unknown_connection');
    // nango-api.md §6.5: the pre-deletion functions run first, while the credentials still work.
    await runConnectionEvents(s, connection, 'pre-connection-deletion');
    await revokeConnectionTokens(s, connection);
    return { success: await s.connections.delete(connection.id) };
  });

  const metadataInput = { query: noQuery, body: metadataBody };
  const writeMetadata = (mode: 'set' | 'merge') => async (req: FastifyRequest, reply: FastifyReply, { body: b }: RouteInput<typeof metadataInput>) => {
    const env = authedEnvironment(req);
    const ids = Array.isArray(b.connection_id) ? b.connection_id : [b.connection_id];
    await s.db.transaction(async (client) => {
      const found: number[] = [];
      for (const id of ids) {
        const c = await s.connections.get(env.id, b.provider_config_key, id, client);
        if (!c) {
          throw new TerapiError(ids.length > 1 ? 'unknown_connection.metadata_targets' : 'unknown_connection.metadata_target', { connection_id: id, provider_config_key: b.provider_config_key });
        }
        found.push(c.id);
      }
      await s.connections.writeMetadata(found, b.metadata, mode, client);
    });
    return reply.status(mode === 'set' ? 201 : 200).send(b);
  };
  declareRoute(app, { method: 'POST', url: '/connections/metadata', auth: SECRET, summary: "Set connections' metadata", tag: 'Connections', ...metadataInput }, writeMetadata('set'));
  declareRoute(app, { method: 'PATCH', url: '/connections/metadata', auth: SECRET, summary: "Merge into connections' metadata", tag: 'Connections', ...metadataInput }, writeMetadata('merge'));

  declareRoute(app, { method: 'POST', url: '/connections', auth: SECRET, summary: 'Import a connection with existing credentials', tag: 'Connections', query: noQuery, body: importBody }, async (req, reply, { body: b }) => {
    const env = authedEnvironment(req);
    refusePrivateWebhookUrl(b.webhook_url_override, s.config.upstreamMap);
    const integration = await s.integrations.get(env.id, b.provider_config_key);
    if (!integration) throw new TerapiError('unknown_provider_config.import');
    const provider = s.catalog.get(integration.provider);
    if (!provider) throw new TerapiError('unknown_provider_template');
    const given = b.connection_config ?? {};
    const automated = Object.fromEntries(Object.entries(given).filter(([k]) => provider.connection_config?.[k]?.automated));
    // An imported instance_url steers every later request of the connection, as a token response's would.
    checkAutomatedConnectionConfig(provider, automated, 'import');
    const connectionConfig = { ...validateConnectionConfig(provider, given), ...automated };
    const expiresAt = b.credentials.type === 'OAUTH2' || b.credentials.type === 'OAUTH2_CC' ? (b.credentials.expires_at ?? null) : null;
    const credentials = { ...b.credentials, ...(expiresAt ? { expires_at: expiresAt.toISOString() } : {}), ...('raw' in b.credentials || b.credentials.type.startsWith('OAUTH2') ? { raw: ('raw' in b.credentials && b.credentials.raw) || {} } : {}) };
    const { connection } = await saveAuthorizedConnection(s, {
      environmentId: env.id,
      integration,
      connectionId: b.connection_id ?? randomUUID(),
      issued: { credentials, tokenExpiresAt: expiresAt, connectionConfig: {} },
      connectionConfig,
      session: {
        id: 0,
        environmentId: env.id,
        endUser: b.end_user ? { ...b.end_user, organization: b.end_user.organization ?? null } : null,
        organization: null,
        allowedIntegrations: null,
        integrationsConfigDefaults: null,
        overrides: null,
        webhookUrlOverride: b.webhook_url_override || null,
        tags: b.tags ? lowerKeys(b.tags) : {},
        reconnectConnectionId: null,
        expiresAt: new Date(),
      },
    });
    if (b.metadata) await s.db.transaction((client) => s.connections.writeMetadata([connection.id], b.metadata!, 'set', client));
    const saved = (await s.connections.getById(connection.id))!;
    return reply.status(201).send(toApiConnection(saved, { includeRefreshToken: false }));
  });
}
