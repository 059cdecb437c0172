// /integrations (nango-api.md §5): list, create, get, update, delete.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment, authedCaller } from '../../http/request-auth.js';
import { declareRoute, SECRET, SECRET_OR_SESSION } from '../../http/route-contract.js';
import type { ProviderCatalog } from '../../providers/provider-catalog.js';
import type { TerapiConfig } from '../../config/config.js';
import type { IntegrationStore } from '../integration-store.js';
import type { IntegrationCredentials } from '../integration-store.js';
import { toApiIntegration } from '../integration-presenter.js';
import { hooksOf, type ProviderHooksRegistry } from '../../providers/provider-hooks.js';
import { incomingWebhookUrl } from '../../incoming-webhooks/incoming-webhook-url.js';

export interface IntegrationRouteDeps {
  catalog: ProviderCatalog;
  config: TerapiConfig;
  integrations: IntegrationStore;
  hooks: ProviderHooksRegistry;
}

export const UNIQUE_KEY = z.string().min(1).max(255).regex(/^[a-zA-Z0-9~:.@ _-]+$/, 'unique keys use letters, digits and ~:.@ _-');

const scopes = z.union([z.literal(''), z.string().regex(/^[0-9a-zA-Z:/_.*-]+(,[0-9a-zA-Z:/_.*-]+)*$/, 'scopes are a comma-separated list')]);
const oauthCredentials = z
  .object({ type: z.enum(['OAUTH1', 'OAUTH2', 'TBA']), client_id: z.string().min(1).max(255), client_secret: z.string().min(1), scopes: scopes.optional(), webhook_secret: z.string().max(255).optional() })
  .strict();
const appCredentials = z.object({ type: z.literal('APP'), app_id: z.string().min(1), app_link: z.string().min(1), private_key: z.string().min(1) }).strict();
const customCredentials = z
  .object({ type: z.literal('CUSTOM'), client_id: z.string().min(1), client_secret: z.string().min(1), app_id: z.string().min(1), app_link: z.string().min(1), private_key: z.string().min(1) })
  .strict();
const credentials = z.discriminatedUnion('type', [oauthCredentials, appCredentials, customCredentials]);

const body = {
  display_name: z.string().min(1).max(255).optional(),
  forward_webhooks: z.boolean().optional(),
  credentials: credentials.optional(),
  integration_config: z.record(z.string(), z.string().max(8192)).optional(),
  custom: z.record(z.string(), z.string()).optional(),
};
const createBody = z.object({ provider: z.string().regex(/^[a-zA-Z0-9_-]+$/), unique_key: UNIQUE_KEY, ...body }).strict();
const updateBody = z.object({ unique_key: UNIQUE_KEY.optional(), ...body }).strict();
const includeQuery = z
  .object({ include: z.union([z.enum(['webhook', 'credentials']), z.array(z.enum(['webhook', 'credentials']))]).optional() })
  .strict();
const keyParams = z.object({ uniqueKey: UNIQUE_KEY });
const noQuery = z.object({}).strict();

/** Credentials an auth mode can use: OAuth client credentials for OAUTH2 providers, none for the others. */
function checkCredentials(mode: string, c: IntegrationCredentials | undefined): void {
  if (!c) return;
  const ok = (mode === 'OAUTH2' && c.type === 'OAUTH2') || mode === c.type;
  if (!ok) {
    throw new TerapiError('invalid_body.credentials_mismatch', { type: c.type, auth_mode: mode }, {
      errors: [{ code: 'invalid_type', message: `incompatible credentials for auth mode ${mode}`, path: ['credentials'] }],
    });
  }
}

function normaliseScopes(c: z.infer<typeof credentials> | undefined): IntegrationCredentials | undefined {
  if (!c) return undefined;
  return c.type === 'OAUTH2' || c.type === 'OAUTH1' || c.type === 'TBA' ? { ...c, scopes: c.scopes ?? null, webhook_secret: c.webhook_secret ?? null } : c;
}

export function registerIntegrationRoutes(app: FastifyInstance, s: IntegrationRouteDeps): void {
  declareRoute(app, { method: 'GET', url: '/integrations', auth: SECRET_OR_SESSION, summary: 'List integrations', tag: 'Integrations', query: noQuery }, async (req) => {
    const caller = authedCaller(req);
    let list = await s.integrations.list(caller.environment.id);
    const allowed = caller.kind === 'session' ? caller.session.allowedIntegrations : null;
    if (allowed) list = list.filter((i) => allowed.includes(i.uniqueKey));
    return { data: list.map((i) => toApiIntegration(i, s.catalog.get(i.provider), s.config.serverUrl)) };
  });

  declareRoute(app, { method: 'POST', url: '/integrations', auth: SECRET, summary: 'Create an integration (client secret encrypted at rest)', tag: 'Integrations', query: noQuery, body: createBody }, async (req, _reply, { body: b }) => {
    const env = authedEnvironment(req);
    const provider = s.catalog.get(b.provider);
    if (!provider) throw new TerapiError('invalid_body.unknown_provider', { provider: b.provider }, { errors: [{ code: 'invalid_string', message: 'Invalid provider', path: ['provider'] }] });
    const creds = normaliseScopes(b.credentials);
    checkCredentials(provider.auth_mode, creds);
    const created = await s.integrations.create(env.id, {
      uniqueKey: b.unique_key,
      provider: b.provider,
      displayName: b.display_name ?? null,
      forwardWebhooks: b.forward_webhooks ?? true,
      credentials: creds ?? null,
      integrationConfig: b.integration_config ?? null,
      custom: b.custom ?? null,
    });
    if (!created) throw new TerapiError('invalid_body.unique_key_taken', { unique_key: b.unique_key }, { errors: [{ code: 'invalid_string', message: 'Unique key already exists', path: ['uniqueKey'] }] });
    return { data: toApiIntegration(created, provider, s.config.serverUrl) };
  });

  declareRoute(app, { method: 'GET', url: '/integrations/:uniqueKey', auth: SECRET_OR_SESSION, summary: 'Get an integration (credentials only with include=credentials)', tag: 'Integrations', params: keyParams, query: includeQuery }, async (req, _reply, { params: { uniqueKey }, query: q }) => {
    const caller = authedCaller(req);
    const include = new Set(q.include === undefined ? [] : Array.isArray(q.include) ? q.include : [q.include]);
    if (include.size && caller.kind !== 'secret') throw new TerapiError('invalid_permissions');
    // A connect session sees only its allowed integrations: any other answers as an unknown key would, so the
    // end user holding the token learns nothing about the rest of the environment.
    const hidden = caller.kind === 'session' && caller.session.allowedIntegrations !== null && !caller.session.allowedIntegrations.includes(uniqueKey);
    const i = hidden ? undefined : await s.integrations.get(caller.environment.id, uniqueKey);
    if (!i) throw new TerapiError('not_found.integration');
    const provider = s.catalog.get(i.provider);
    const receives = provider !== undefined && hooksOf(s.hooks, provider).receiveWebhook !== undefined;
    const webhookUrl = receives ? incomingWebhookUrl(s.config.serverUrl, caller.environment.uuid, i.uniqueKey) : null;
    return { data: toApiIntegration(i, provider, s.config.serverUrl, include, webhookUrl) };
  });

  declareRoute(app, { method: 'PATCH', url: '/integrations/:uniqueKey', auth: SECRET, summary: 'Update an integration', tag: 'Integrations', params: keyParams, body: updateBody }, async (req, _reply, { params: { uniqueKey }, body: b }) => {
    const env = authedEnvironment(req);
    const existing = await s.integrations.get(env.id, uniqueKey);
    if (!existing) throw new TerapiError('not_found.integration');
    const provider = s.catalog.get(existing.provider);
    const creds = normaliseScopes(b.credentials);
    if (provider) checkCredentials(provider.auth_mode, creds);
    const updated = await s.integrations.update(env.id, uniqueKey, {
      uniqueKey: b.unique_key,
      displayName: b.display_name,
      forwardWebhooks: b.forward_webhooks,
      credentials: creds,
      integrationConfig: b.integration_config,
      custom: b.custom,
    });
    if (updated === 'conflict') throw new TerapiError('invalid_body.unique_key_taken', { unique_key: String(b.unique_key) }, { errors: [{ code: 'invalid_string', message: 'Unique key already exists', path: ['uniqueKey'] }] });
    if (!updated) throw new TerapiError('not_found.integration');
    return { data: toApiIntegration(updated, provider, s.config.serverUrl) };
  });

  declareRoute(app, { method: 'DELETE', url: '/integrations/:uniqueKey', auth: SECRET, summary: 'Delete an integration', tag: 'Integrations', params: keyParams, query: noQuery }, async (req, _reply, { params: { uniqueKey } }) => {
    const env = authedEnvironment(req);
    if (!(await s.integrations.delete(env.id, uniqueKey))) throw new TerapiError('not_found.integration');
    return { success: true };
  });
}
