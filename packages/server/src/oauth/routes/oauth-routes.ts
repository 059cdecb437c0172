// The OAuth 2.0 authorization code flow (RFC 6749 §4.1 with PKCE, RFC 7636), as nango-api.md §3.4–3.5:
// GET /oauth/connect/:providerConfigKey redirects to the provider; GET /oauth/callback exchanges the code.
// Checks before the handler (authentication, allowed integration, reconnect target) answer JSON; errors
// inside it answer the callback page (400) and the WebSocket.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { declareRoute, PUBLIC, SESSION_QUERY } from '../../http/route-contract.js';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { ProviderCatalog } from '../../providers/provider-catalog.js';
import type { TerapiConfig } from '../../config/config.js';
import type { ConnectSessionStore } from '../../connect-sessions/connect-session-store.js';
import type { ProviderHooksRegistry } from '../../providers/provider-hooks.js';
import type { OutboundHttp } from '../../outbound/outbound-http.js';
import type { IntegrationStore } from '../../integrations/integration-store.js';
import type { OAuthSessionStore } from '../oauth-session-store.js';
import type { Logger } from 'pino';
import type { AuthStrategies } from '../../auth/auth-strategy.js';
import type { AuthRequestDeps } from '../../auth/routes/auth-request.js';
import { interpolate, interpolateUrl, TemplateError } from '../../providers/template.js';
import { AUTH_PARAMS, resolveAuthRequest, type AuthRequest } from '../../auth/routes/auth-request.js';
import { hooksOf } from '../../providers/provider-hooks.js';
import { rewriteForBrowser } from '../../outbound/upstream-map.js';
import { createCodeVerifier, s256Challenge } from '../../auth/oauth2/pkce.js';
import { postTokenRequest } from '../../auth/oauth2/token-endpoint.js';
import { oauth2Credentials } from '../../auth/oauth2/issued-credentials.js';
import { saveAuthorizedConnection } from '../../auth/authorized-connection.js';
import { recordConnect } from '../../auth/connect-operation.js';
import { callbackErrorOf, callbackPage, type CallbackError } from '../callback-page.js';
import { OAUTH_SESSION_TTL_MS } from '../oauth-session-store.js';
import { bindingCookie, clearedBindingCookie, isBoundBrowser } from '../browser-binding.js';

/** What the OAuth redirect flow reaches. */
export interface OAuthRouteDeps extends AuthRequestDeps {
  box: SecretBox;
  catalog: ProviderCatalog;
  config: TerapiConfig;
  connectSessions: ConnectSessionStore;
  hooks: ProviderHooksRegistry;
  http: OutboundHttp;
  integrations: IntegrationStore;
  /** Pushes OAuth results to the frontend SDK's WebSocket (nango-api.md §3.4 step 7), across processes. */
  oauthPublisher?: { publish(wsClientId: string | null | undefined, message: Record<string, unknown>): void };
  oauthSessions: OAuthSessionStore;
  logger: Logger;
  strategies: AuthStrategies;
}

const connectQuery = z
  .object({
    connect_session_token: z.string().optional(),
    public_key: z.string().optional(),
    connection_id: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    authorization_params: z.record(z.string(), z.string()).optional(),
    user_scope: z.string().optional(),
    ws_client_id: z.string().optional(),
    hmac: z.string().optional(),
    credentials: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();

/** RFC 6749 §4.1.2.1: what a provider may put in an error redirect. */
const PROVIDER_ERROR_KEYS = ['error', 'error_description', 'error_reason', 'error_uri', 'status_code', 'error_message'] as const;

/**
 * RFC 6749 §4.1.2: the provider's redirect. The schema refuses nothing and says what each key is for
 * /openapi.json: every problem with the redirect answers the callback page, not the JSON error envelope.
 */
const text = (description: string) => z.unknown().optional().meta({ type: 'string', description });
const callbackQuery = z.looseObject({
  state: text('The state sent with the authorization request (or `payload` / `customField`, as some providers return it)'),
  code: text('The authorization code'),
  ...Object.fromEntries(PROVIDER_ERROR_KEYS.map((k) => [k, text('An error the provider reports (RFC 6749 §4.1.2.1)')])),
});

/** Errors raised inside the handler, with the WebSocket error_type each one maps to (nango-api.md §3.4). */
const HANDLER_ERROR_TYPES: Partial<Record<string, string>> = {
  unknown_provider_config: 'unknown_config_key',
  unknown_provider_template: 'unknown_config_key',
  invalid_auth_mode: 'auth_mode_err',
  provider_config_err: 'provider_config_err',
  invalid_connection_config: 'url_param_err',
  salesforce_lightning_hostname: 'url_param_err',
  salesforce_client_credentials_host: 'url_param_err',
};

function sendPage(reply: FastifyReply, error: CallbackError | null) {
  return reply
    .status(error ? 400 : 200)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(callbackPage(error));
}

function scopesFor(defaultScopes: string[] | undefined, configured: string | null | undefined, override: string | undefined): string[] {
  if (override) return override.split(/[ ,]+/).filter(Boolean);
  const list = [...(defaultScopes ?? []), ...(configured ?? '').split(',').map((x) => x.trim()).filter(Boolean)];
  return [...new Set(list)];
}

export function registerOAuthRoutes(app: FastifyInstance, s: OAuthRouteDeps): void {
  const secure = s.config.serverUrl.startsWith('https:');
  declareRoute(app, { method: 'GET', url: '/oauth/connect/:providerConfigKey', auth: SESSION_QUERY, summary: 'Start an OAuth flow: redirects to the provider with state and PKCE (S256)', tag: 'Auth', produces: 'text/html', query: connectQuery, params: AUTH_PARAMS }, async (req, reply, input) => {
    const { query: q, params: { providerConfigKey } } = input;
    const failPage = (err: TerapiError | TemplateError) => {
      const message = err instanceof TemplateError ? `Missing connection configuration: ${err.missing}.` : err.message;
      const type = err instanceof TemplateError ? 'provider_config_err' : (HANDLER_ERROR_TYPES[err.code] ?? 'url_param_err');
      s.oauthPublisher?.publish(q.ws_client_id, { message_type: 'error', provider_config_key: providerConfigKey, error_type: type, error_desc: message });
      return sendPage(reply, { message, errorType: type });
    };
    let r: AuthRequest;
    try {
      r = await resolveAuthRequest(s, req, input, { accepts: (p) => p.auth_mode === 'OAUTH2', unknownIntegrationStatus: 400 });
    } catch (err) {
      // nango-api.md §3.4: checks before the handler (authentication, allowed integration, reconnect target)
      // answer JSON with no WebSocket message; errors inside it answer the callback page.
      if (err instanceof TerapiError && !(err.code in HANDLER_ERROR_TYPES)) throw err;
      if (err instanceof TerapiError || err instanceof TemplateError) return failPage(err);
      throw err;
    }
    const { environment, session, integration, provider, connectionId, connectionConfig } = r;
    try {
      const clientId = integration.credentials?.client_id;
      const clientSecret = integration.credentials?.client_secret;
      if (!clientId || !clientSecret) throw new TerapiError('provider_config_err');
      const defaults = session.integrationsConfigDefaults?.[providerConfigKey];
      const scopesOverride = defaults?.connection_config?.oauth_scopes_override;
      const scope = { connectionConfig };
      const authorizationUrl = interpolateUrl(provider.authorization_url!, scope);
      const tokenUrl = interpolateUrl(provider.token_url!, scope);
      const redirectUri = `${s.config.serverUrl}/oauth/callback`;
      const verifier = provider.disable_pkce ? null : createCodeVerifier();
      const oauthSession = await s.oauthSessions.create({
        environmentId: environment.id,
        integrationId: integration.id,
        connectionId,
        connectSessionId: session.id,
        codeVerifier: verifier,
        connectionConfig,
        redirectUri,
        tokenUrl,
        wsClientId: q.ws_client_id ?? null,
      });

      const url = new URL(authorizationUrl);
      const scopes = scopesFor(provider.default_scopes, integration.credentials?.scopes, typeof scopesOverride === 'string' ? scopesOverride : undefined);
      const search: Record<string, string> = {
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri,
        ...(scopes.length ? { scope: scopes.join(provider.scope_separator ?? ' ') } : {}),
        state: oauthSession.state,
      };
      for (const [k, v] of Object.entries(provider.authorization_params ?? {})) search[k] = interpolate(v, scope);
      for (const [k, v] of Object.entries({ ...defaults?.authorization_params, ...q.authorization_params })) {
        if (v === 'undefined') delete search[k];
        else search[k] = v;
      }
      if (verifier) {
        search.code_challenge = s256Challenge(verifier);
        search.code_challenge_method = 'S256';
      }
      for (const [k, v] of Object.entries(search)) url.searchParams.set(k, v);
      reply.header('set-cookie', bindingCookie(s.box, oauthSession.state, { secure, maxAgeSeconds: OAUTH_SESSION_TTL_MS / 1000 }));
      return reply.redirect(rewriteForBrowser(s.config.upstreamMap, url.toString()), 302);
    } catch (err) {
      if (err instanceof TerapiError || err instanceof TemplateError) return failPage(err);
      throw err;
    }
  });

  declareRoute(app, { method: 'GET', url: '/oauth/callback', auth: PUBLIC, summary: "The provider's redirect: exchanges the code and answers the page that notifies the opener", tag: 'Auth', produces: 'text/html', rawUrl: true, query: callbackQuery }, async (req, reply, { query: q }) => {
    const state = [q.state, q.payload, q.customField].find((v): v is string => typeof v === 'string' && v !== '');
    if (!state) return sendPage(reply, callbackErrorOf(new TerapiError('state_err.missing_state')));
    const bound = isBoundBrowser(s.box, req, state);
    // Consumed even when the browser is not the one that started the flow: a callback that reached the wrong
    // browser burns the state, so whoever holds the binding cookie cannot finish the flow with a code they obtain.
    const oauthSession = await s.oauthSessions.consume(state);
    if (!oauthSession || oauthSession === 'expired') {
      return sendPage(reply, callbackErrorOf(new TerapiError(oauthSession === 'expired' ? 'state_err.expired' : 'state_err.unknown')));
    }
    if (bound) reply.header('set-cookie', clearedBindingCookie(state, { secure }));
    const integration = await s.integrations.getById(oauthSession.integrationId);
    const ws = (message: Record<string, unknown>) =>
      s.oauthPublisher?.publish(oauthSession.wsClientId, { provider_config_key: integration?.uniqueKey, connection_id: oauthSession.connectionId, ...message });
    const startedAt = new Date();
    // Every failure after the state was found ends here: the page, the WebSocket and the operation log.
    const fail = (error: CallbackError, cause: TerapiError) => {
      ws({ message_type: 'error', error_type: error.errorType, error_desc: error.message });
      recordConnect(s.operations, {
        environmentId: oauthSession.environmentId,
        providerConfigKey: integration?.uniqueKey ?? null,
        connectionRowId: null,
        connectionId: oauthSession.connectionId,
        authMode: (integration && s.catalog.get(integration.provider)?.auth_mode) ?? 'OAUTH2',
        startedAt,
        error: cause,
      });
      return sendPage(reply, error);
    };
    const failWith = (err: TerapiError, errorType?: string) => fail(callbackErrorOf(err, errorType), err);

    if (!bound) {
      req.log.info({ state_cookie: req.headers.cookie ? 'other' : 'none' }, 'OAuth callback without the browser binding of its state');
      return failWith(new TerapiError('state_cookie_err.other_browser'));
    }

    const providerError = Object.fromEntries(PROVIDER_ERROR_KEYS.filter((k) => typeof q[k] === 'string').map((k) => [k, q[k]]));
    if (Object.keys(providerError).length) return failWith(new TerapiError('callback_err.provider_said', { error: JSON.stringify(providerError) }));
    if (typeof q.code !== 'string' || !q.code) return failWith(new TerapiError('callback_err.no_code'));
    const provider = integration && s.catalog.get(integration.provider);
    if (!integration || !provider) return failWith(new TerapiError('unknown_provider_config.deleted_during_authorization'), 'unknown_config_key');

    try {
      const raw = await postTokenRequest(s.http, s.hooks, {
        provider,
        url: oauthSession.tokenUrl,
        params: { grant_type: 'authorization_code', code: q.code, redirect_uri: oauthSession.redirectUri, code_verifier: oauthSession.codeVerifier ?? undefined },
        clientId: integration.credentials?.client_id ?? undefined,
        clientSecret: integration.credentials?.client_secret ?? undefined,
        connectionConfig: oauthSession.connectionConfig,
      });
      const problem = hooksOf(s.hooks, provider).checkTokenResponse?.(raw, { provider, grantType: 'authorization_code' });
      if (problem) throw problem;
      const session = oauthSession.connectSessionId ? await s.connectSessions.getById(oauthSession.connectSessionId) : null;
      const { connection } = await saveAuthorizedConnection(s, {
        environmentId: oauthSession.environmentId,
        integration,
        connectionId: oauthSession.connectionId,
        issued: oauth2Credentials(raw, provider, s.hooks),
        connectionConfig: oauthSession.connectionConfig,
        session,
        startedAt,
      });
      ws({ message_type: 'success', connection_id: connection.connectionId, is_pending: false });
      return sendPage(reply, null);
    } catch (err) {
      if (err instanceof TerapiError) {
        req.log.info({ code: err.code, detail: err.detail }, 'OAuth callback failed');
        return failWith(err);
      }
      throw err;
    }
  });
}
