// The checks every non-popup auth endpoint runs before its own work (nango-api.md §3.1, §3.3): the
// connect session from the query, connection_id forbidden with a session, allowed integrations, the
// reconnect target, the integration and its auth mode, and connection_config from params[...] merged
// under the session's integrations_config_defaults.
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ConnectSession } from '../../connect-sessions/connect-session-store.js';
import type { Environment } from '../../environments/environment-store.js';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedSession } from '../../http/request-auth.js';
import type { Integration } from '../../integrations/integration-store.js';
import { validateConnectionConfig } from '../../providers/connection-config.js';
import type { Provider } from '../../providers/provider-catalog.js';
import type { ProviderCatalog } from '../../providers/provider-catalog.js';
import type { ConnectionStore } from '../../connections/connection-store.js';
import type { ProviderHooksRegistry } from '../../providers/provider-hooks.js';
import type { OutboundHttp } from '../../outbound/outbound-http.js';
import type { IntegrationStore } from '../../integrations/integration-store.js';
import type { Logger } from 'pino';
import type { AuthStrategies } from '../auth-strategy.js';
import type { CredentialLifecycle } from '../credential-lifecycle.js';
import type { AuthorizedConnectionDeps } from '../authorized-connection.js';
import type { AuthContext, IssuedCredentials } from '../auth-strategy.js';
import { saveAuthorizedConnection } from '../authorized-connection.js';
import { recordConnect } from '../connect-operation.js';

/** What the frontend auth endpoints reach. */
export interface AuthRequestDeps extends AuthorizedConnectionDeps {
  catalog: ProviderCatalog;
  connections: ConnectionStore;
  hooks: ProviderHooksRegistry;
  http: OutboundHttp;
  integrations: IntegrationStore;
  logger: Logger;
  strategies: AuthStrategies;
  credentials: CredentialLifecycle;
}

// nango-api.md §3.3: unknown extra query keys are ignored.
export const AUTH_QUERY = z
  .object({
    connect_session_token: z.string().optional(),
    public_key: z.string().optional(),
    hmac: z.string().optional(),
    connection_id: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    user_scope: z.string().optional(),
  })
  .passthrough();

export const AUTH_PARAMS = z.object({ providerConfigKey: z.string().min(1).max(255) });

/** The query and params of an auth endpoint, as its declared schemas (AUTH_QUERY, AUTH_PARAMS or wider) parsed them. */
export interface AuthRequestInput {
  query: z.output<typeof AUTH_QUERY>;
  params: z.output<typeof AUTH_PARAMS>;
}

export interface AuthRequest {
  environment: Environment;
  session: ConnectSession;
  integration: Integration;
  provider: Provider;
  connectionId: string;
  /** Validated user configuration (params and session defaults). */
  connectionConfig: Record<string, string>;
}

export async function resolveAuthRequest(
  s: AuthRequestDeps,
  req: FastifyRequest,
  input: AuthRequestInput,
  opts: { accepts: (p: Provider) => boolean; unknownIntegrationStatus: 400 | 404 },
): Promise<AuthRequest> {
  const { query: q, params: { providerConfigKey } } = input;
  const { environment, session } = authedSession(req);
  if (q.connection_id !== undefined) {
    throw new TerapiError('invalid_query_params.connection_id_with_session', undefined, {
      errors: [{ code: 'custom', message: 'connection_id is forbidden when using session token', path: ['connection_id'] }],
    });
  }
  if (session.allowedIntegrations && !session.allowedIntegrations.includes(providerConfigKey)) throw new TerapiError('integration_not_allowed');
  let connectionId: string = randomUUID();
  if (session.reconnectConnectionId) {
    const target = await s.connections.getById(session.reconnectConnectionId);
    if (!target) throw new TerapiError('invalid_connection');
    connectionId = target.connectionId;
  }
  const integration = await s.integrations.get(environment.id, providerConfigKey);
  if (!integration) throw new TerapiError(opts.unknownIntegrationStatus === 404 ? 'unknown_provider_config.not_in_environment_two_step' : 'unknown_provider_config.not_in_environment', { key: providerConfigKey });
  const provider = s.catalog.get(integration.provider);
  if (!provider) throw new TerapiError('unknown_provider_template');
  if (!opts.accepts(provider)) throw new TerapiError('invalid_auth_mode.other_mode', { key: providerConfigKey, auth_mode: provider.auth_mode });
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q.params ?? {})) if (typeof v === 'string' && k !== 'webhook_url') params[k] = v;
  const { oauth_scopes_override: _ignored, ...defaults } = session.integrationsConfigDefaults?.[providerConfigKey]?.connection_config ?? {};
  const connectionConfig = validateConnectionConfig(provider, { ...params, ...defaults });
  return { environment, session, integration, provider, connectionId, connectionConfig };
}

/** A token-endpoint refusal as the POST auth endpoints answer it: provider-explained codes pass, the rest is connection_test_failed. */
export function asConnectionTestFailure(err: unknown): unknown {
  if (err instanceof TerapiError && err.code === 'token_err') {
    return new TerapiError('connection_test_failed.token_refused', { reason: err.message }, { payload: err.payload, detail: err.detail, cause: err });
  }
  return err;
}

/**
 * The common end of the POST auth endpoints (nango-api.md §3.3): obtain credentials (a provider refusal
 * becomes connection_test_failed), store the connection, answer `{connectionId, providerConfigKey}`.
 */
export async function completeAuthRequest(
  s: AuthRequestDeps,
  a: AuthRequest,
  issue: (ctx: AuthContext) => Promise<IssuedCredentials>,
): Promise<{ connectionId: string; providerConfigKey: string }> {
  const startedAt = new Date();
  try {
    let issued: IssuedCredentials;
    try {
      issued = await issue({ provider: a.provider, integration: a.integration, http: s.http, hooks: s.hooks });
    } catch (err) {
      throw asConnectionTestFailure(err);
    }
    const { connection } = await saveAuthorizedConnection(s, {
      environmentId: a.environment.id,
      integration: a.integration,
      connectionId: a.connectionId,
      issued,
      connectionConfig: a.connectionConfig,
      session: a.session,
      startedAt,
    });
    return { connectionId: connection.connectionId, providerConfigKey: connection.providerConfigKey };
  } catch (err) {
    recordConnect(s.operations, {
      environmentId: a.environment.id,
      providerConfigKey: a.integration.uniqueKey,
      connectionRowId: null,
      connectionId: a.connectionId,
      authMode: a.provider.auth_mode,
      startedAt,
      error: err,
    });
    throw err;
  }
}
