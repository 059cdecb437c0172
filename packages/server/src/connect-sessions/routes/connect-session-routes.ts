// Connect sessions (nango-api.md §2): POST /connect/sessions, POST /connect/sessions/reconnect,
// GET /connect/session, DELETE /connect/session.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment, authedSession } from '../../http/request-auth.js';
import { declareRoute, SECRET, SESSION } from '../../http/route-contract.js';
import type { TerapiConfig } from '../../config/config.js';
import type { ConnectSessionStore } from '../connect-session-store.js';
import type { ConnectionStore } from '../../connections/connection-store.js';
import type { IntegrationStore } from '../../integrations/integration-store.js';
import type { EndUser } from '../../connections/connection-store.js';
import type { ConnectSession } from '../connect-session-store.js';
import { UNIQUE_KEY } from '../../integrations/routes/integration-routes.js';
import type { ConnectUiSettingsStore } from '../../connect-ui/connect-ui-settings-store.js';
import { refusePrivateWebhookUrl } from '../../webhooks/webhook-url-override.js';

export interface ConnectSessionRouteDeps {
  config: TerapiConfig;
  connectSessions: ConnectSessionStore;
  connections: ConnectionStore;
  integrations: IntegrationStore;
  connectUiSettings: ConnectUiSettingsStore;
}

const endUser = z
  .object({ id: z.string().min(1).max(255), email: z.string().email().min(5).optional(), display_name: z.string().max(255).optional(), tags: z.record(z.string(), z.string()).optional() })
  .strict();
const organization = z.object({ id: z.string().max(255), display_name: z.string().max(255).optional() }).strict();
const defaults = z.record(
  z.string(),
  z
    .object({
      user_scopes: z.string().optional(),
      authorization_params: z.record(z.string(), z.string()).optional(),
      connection_config: z.object({ oauth_scopes_override: z.string().optional() }).catchall(z.unknown()).optional(),
    })
    .strict(),
);
const tags = z
  .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_\-./]*$/).max(64), z.string().min(1).max(255))
  .refine((t) => Object.keys(t).length <= 10, 'at most 10 tags');
const webhookUrl = z.union([z.literal(''), z.string().url()]);

const common = {
  end_user: endUser.optional(),
  organization: organization.optional(),
  integrations_config_defaults: defaults.optional(),
  overrides: z.record(z.string(), z.object({ docs_connect: z.string().optional() }).strict()).optional(),
  webhook_url_override: webhookUrl.optional(),
  tags: tags.optional(),
};
const createBody = z
  .object({ ...common, allowed_integrations: z.array(UNIQUE_KEY).optional() })
  .strict()
  .refine((b) => b.end_user !== undefined || b.tags !== undefined, { message: 'end_user is required unless tags are given', path: ['end_user'] });
const reconnectBody = z.object({ ...common, connection_id: z.string().min(1).max(255), integration_id: UNIQUE_KEY }).strict();
const noQuery = z.object({}).strict();

/** Tags made from the end user, merged under the explicit tags (nango-api.md §2.1 side effects). */
export function sessionTags(u: z.infer<typeof endUser> | undefined, org: z.infer<typeof organization> | undefined, explicit: Record<string, string> | undefined): Record<string, string> {
  const generated: Record<string, string> = {};
  const put = (k: string, v: string | undefined) => {
    if (v) generated[k.toLowerCase().slice(0, 64)] = v.slice(0, 255);
  };
  put('end_user_id', u?.id);
  put('end_user_email', u?.email);
  put('end_user_display_name', u?.display_name);
  put('organization_id', org?.id);
  put('organization_display_name', org?.display_name);
  const userTags: Record<string, string> = {};
  for (const [k, v] of Object.entries(u?.tags ?? {})) userTags[k.toLowerCase().slice(0, 64)] = v.slice(0, 255);
  const withUser = Object.keys(generated).length + Object.keys(userTags).length <= 10 ? { ...generated, ...userTags } : generated;
  const lowered: Record<string, string> = {};
  for (const [k, v] of Object.entries(explicit ?? {})) {
    const key = k.toLowerCase();
    if (key in lowered) throw new TerapiError('invalid_body.duplicate_tag', { tag: key }, { errors: [{ code: 'custom', message: 'duplicate tag', path: ['tags', k] }] });
    lowered[key] = v;
  }
  return { ...withUser, ...lowered };
}

function toEndUser(u: z.infer<typeof endUser> | undefined, org: z.infer<typeof organization> | undefined): EndUser | null {
  if (!u) return null;
  return { id: u.id, display_name: u.display_name ?? null, email: u.email ?? null, tags: u.tags ?? null, organization: org ? { id: org.id, display_name: org.display_name ?? null } : null };
}

async function checkIntegrationsExist(s: ConnectSessionRouteDeps, envId: number, b: { allowed_integrations?: string[] | undefined; integrations_config_defaults?: Record<string, unknown> | undefined }): Promise<void> {
  const known = new Set((await s.integrations.list(envId)).map((i) => i.uniqueKey));
  const errors = [
    ...(b.allowed_integrations ?? []).flatMap((k, i) => (known.has(k) ? [] : [{ code: 'custom', message: 'Integration does not exist', path: ['allowed_integrations', String(i)] }])),
    ...Object.keys(b.integrations_config_defaults ?? {}).flatMap((k) => (known.has(k) ? [] : [{ code: 'custom', message: 'Integration does not exist', path: ['integrations_config_defaults', k] }])),
  ];
  if (errors.length) throw new TerapiError('invalid_body.unknown_integrations', { paths: errors.map((e) => e.path.join('.')).join(', ') }, { errors });
}

function sessionResponse(s: ConnectSessionRouteDeps, token: string, session: ConnectSession) {
  return { data: { token, connect_link: `${s.config.serverUrl}/connect/?session_token=${token}`, expires_at: session.expiresAt.toISOString() } };
}

export function registerConnectSessionRoutes(app: FastifyInstance, s: ConnectSessionRouteDeps): void {
  declareRoute(app, { method: 'POST', url: '/connect/sessions', auth: SECRET, summary: 'Create a connect session for an end user', tag: 'Connect sessions', query: noQuery, body: createBody }, async (req, reply, { body: b }) => {
    const env = authedEnvironment(req);
    refusePrivateWebhookUrl(b.webhook_url_override, s.config.upstreamMap);
    await checkIntegrationsExist(s, env.id, b);
    const { token, session } = await s.connectSessions.create({
      environmentId: env.id,
      endUser: toEndUser(b.end_user, b.organization),
      organization: b.organization ?? null,
      allowedIntegrations: b.allowed_integrations ?? null,
      integrationsConfigDefaults: b.integrations_config_defaults ?? null,
      overrides: b.overrides ?? null,
      webhookUrlOverride: b.webhook_url_override || null,
      tags: sessionTags(b.end_user, b.organization, b.tags),
      reconnectConnectionId: null,
    });
    return reply.status(201).send(sessionResponse(s, token, session));
  });

  declareRoute(app, { method: 'POST', url: '/connect/sessions/reconnect', auth: SECRET, summary: 'Create a connect session that re-authorizes an existing connection', tag: 'Connect sessions', query: noQuery, body: reconnectBody }, async (req, reply, { body: b }) => {
    const env = authedEnvironment(req);
    refusePrivateWebhookUrl(b.webhook_url_override, s.config.upstreamMap);
    const connection = await s.connections.get(env.id, b.integration_id, b.connection_id);
    if (!connection) throw new TerapiError('invalid_body.unknown_reconnect_target');
    await checkIntegrationsExist(s, env.id, b);
    const { token, session } = await s.connectSessions.create({
      environmentId: env.id,
      endUser: toEndUser(b.end_user, b.organization) ?? connection.endUser,
      organization: b.organization ?? null,
      allowedIntegrations: [b.integration_id],
      integrationsConfigDefaults: b.integrations_config_defaults ?? null,
      overrides: b.overrides ?? null,
      webhookUrlOverride: b.webhook_url_override || null,
      tags: b.end_user || b.tags ? sessionTags(b.end_user, b.organization, b.tags) : connection.tags,
      reconnectConnectionId: connection.id,
    });
    return reply.status(201).send(sessionResponse(s, token, session));
  });

  declareRoute(app, { method: 'GET', url: '/connect/session', auth: SESSION, summary: 'Read the calling connect session', tag: 'Connect sessions', query: noQuery }, async (req) => {
    const { session } = authedSession(req);
    const { logoUrl, ...nangoSettings } = await s.connectUiSettings.get(session.environmentId);
    if (!session.endUser && !Object.keys(session.tags).length && !session.reconnectConnectionId) throw new TerapiError('invalid_body.session_without_owner');
    const d = session.integrationsConfigDefaults;
    return {
      data: {
        endUser: session.endUser
          ? { id: session.endUser.id, display_name: session.endUser.display_name ?? null, email: session.endUser.email ?? null, tags: session.endUser.tags ?? null, organization: session.endUser.organization ?? null }
          : null,
        // Nango's shape, with terapi's logo only when one is set
        connectUISettings: { ...nangoSettings, ...(logoUrl ? { logoUrl } : {}) },
        ...(session.allowedIntegrations ? { allowed_integrations: session.allowedIntegrations } : {}),
        ...(d
          ? { integrations_config_defaults: Object.fromEntries(Object.entries(d).map(([k, v]) => [k, { connection_config: v.connection_config, authorization_params: v.authorization_params }])) }
          : {}),
        ...(session.reconnectConnectionId ? { isReconnecting: true } : {}),
        ...(session.overrides ? { overrides: session.overrides } : {}),
        websocketsPath: '/',
      },
    };
  });

  declareRoute(app, { method: 'DELETE', url: '/connect/session', auth: SESSION, summary: 'Revoke the calling connect session', tag: 'Connect sessions' }, async (req, reply) => {
    const { session } = authedSession(req);
    await s.connectSessions.delete(session.id);
    return reply.status(204).send();
  });
}
