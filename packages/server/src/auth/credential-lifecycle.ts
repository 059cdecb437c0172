// Fresh credentials for a connection (DESIGN.md "Credentials"). Invariants, written where they can break:
// - at most one refresh (or introspection) per connection at a time across all processes: the work runs
//   under a per-connection advisory lock, and in-process callers share one promise;
// - a token's expiry is learnt at most once (introspection result stored with the token's hash);
// - a refresh writes access token, rotated refresh token and expiry in one UPDATE, or nothing.
import type { Logger } from 'pino';
import { sha256Hex } from '../crypto/secret-box.js';
import { LOCK_NAMESPACE, type Database } from '../database/database.js';
import { TerapiError } from '../errors/terapi-error.js';
import type { Connection, ConnectionStore } from '../connections/connection-store.js';
import type { IntegrationStore } from '../integrations/integration-store.js';
import type { OutboundHttp } from '../outbound/outbound-http.js';
import type { ProviderCatalog, Provider } from '../providers/provider-catalog.js';
import { hooksOf, type ProviderHooksRegistry } from '../providers/provider-hooks.js';
import type { AuthStrategies, AuthStrategy } from './auth-strategy.js';
import { oauthErrorOf } from './oauth2/token-endpoint.js';

/** nango-api.md §6.2: refresh when the token expires within 15 minutes. */
export const DEFAULT_REFRESH_MARGIN_SECONDS = 15 * 60;

export interface RefreshFailure {
  connection: Connection;
  error: TerapiError;
  /** true when the provider said the grant is gone (invalid_grant): the end user must reconnect. */
  needsReauth: boolean;
}

export interface CredentialLifecycleDeps {
  db: Database;
  connections: ConnectionStore;
  integrations: IntegrationStore;
  catalog: ProviderCatalog;
  hooks: ProviderHooksRegistry;
  strategies: AuthStrategies;
  http: OutboundHttp;
  logger: Logger;
  /** Called after a refresh failed (auth webhook `refresh`, success false). */
  onRefreshFailed?: (f: RefreshFailure) => Promise<void>;
}

export class CredentialLifecycle {
  readonly #inflight = new Map<number, Promise<Connection>>();

  constructor(private readonly deps: CredentialLifecycleDeps) {}

  strategyFor(provider: Provider): AuthStrategy | undefined {
    return this.deps.strategies.get(provider.auth_mode);
  }

  /** The connection with credentials valid for at least the refresh margin, refreshing first if needed. */
  async fresh(connection: Connection, opts: { forceRefresh?: boolean } = {}): Promise<Connection> {
    const provider = this.deps.catalog.get(connection.provider);
    const strategy = provider && this.strategyFor(provider);
    if (!provider || !strategy?.refresh || !connection.credentials) return connection;
    if (!opts.forceRefresh && connection.authStatus === 'needs_reauth') {
      throw new TerapiError('connection_refresh_backoff', undefined, { payload: { error: connection.lastError } });
    }
    if (!opts.forceRefresh && this.#isFresh(connection, provider, strategy)) return connection;
    return this.#singleFlight(connection.id, () => this.#learnOrRefresh(connection.id, strategy.accessToken(connection.credentials!), !!opts.forceRefresh));
  }

  #margin(provider: Provider): number {
    return (provider.refresh_margin_seconds ?? DEFAULT_REFRESH_MARGIN_SECONDS) * 1000;
  }

  /** Fresh without asking anyone: a known expiry beyond the margin, or a token introspection could not date. */
  #isFresh(c: Connection, provider: Provider, strategy: AuthStrategy): boolean {
    if (c.tokenExpiresAt) return c.tokenExpiresAt.getTime() - Date.now() > this.#margin(provider);
    const token = strategy.accessToken(c.credentials!);
    if (!token) return true;
    const canIntrospect = !!hooksOf(this.deps.hooks, provider).introspect;
    // Already introspected with no answer (refused): rely on refresh-on-401.
    return !canIntrospect || c.introspectedTokenHash === sha256Hex(token);
  }

  #singleFlight(id: number, work: () => Promise<Connection>): Promise<Connection> {
    const existing = this.#inflight.get(id);
    if (existing) return existing;
    const p = work().finally(() => this.#inflight.delete(id));
    this.#inflight.set(id, p);
    return p;
  }

  async #learnOrRefresh(id: number, seenToken: string | undefined, force: boolean): Promise<Connection> {
    const { db, connections } = this.deps;
    return db.withAdvisoryLock(LOCK_NAMESPACE.connectionRefresh, id, async (client) => {
      const current = await connections.getById(id, client);
      if (!current?.credentials) throw new TerapiError('not_found', 'Failed to find connection', { status: 404 });
      const provider = this.deps.catalog.get(current.provider)!;
      const strategy = this.strategyFor(provider)!;
      const token = strategy.accessToken(current.credentials);
      // Another process refreshed while we waited for the lock: its token is the fresh one.
      if (token !== seenToken && current.authStatus === 'ok') return current;
      if (!force) {
        if (current.authStatus === 'needs_reauth') {
          throw new TerapiError('connection_refresh_backoff', undefined, { payload: { error: current.lastError } });
        }
        if (this.#isFresh(current, provider, strategy)) return current;
        if (!current.tokenExpiresAt && token) {
          const learnt = await this.#introspect(current, provider, token, client);
          if (learnt) return learnt;
        }
      }
      return this.#refresh(current, provider, strategy, client);
    });
  }

  /** Asks the provider when the token expires; returns the connection if the token is still fresh. */
  async #introspect(c: Connection, provider: Provider, token: string, client: import('pg').PoolClient): Promise<Connection | undefined> {
    const introspect = hooksOf(this.deps.hooks, provider).introspect!;
    const integration = await this.deps.integrations.getById(c.integrationId);
    let result: Awaited<ReturnType<typeof introspect>>;
    try {
      result = await introspect({
        provider,
        http: this.deps.http,
        accessToken: token,
        clientId: integration?.credentials?.client_id ?? (c.credentials?.client_id as string | undefined),
        clientSecret: integration?.credentials?.client_secret ?? (c.credentials?.client_secret as string | undefined),
        connectionConfig: c.connectionConfig,
      });
    } catch (err) {
      this.deps.logger.warn({ connection: c.id, err: (err as Error).message }, 'token introspection failed; using the token as is');
      return c;
    }
    const hash = sha256Hex(token);
    if (result.kind === 'refused') {
      await this.deps.connections.saveIntrospection(c.id, hash, null, client);
      this.deps.logger.warn({ connection: c.id, code: 'salesforce_introspection_refused' }, 'the provider will not say when tokens expire; refreshing on 401 instead');
      return { ...c, introspectedTokenHash: hash };
    }
    if (result.kind === 'inactive') return undefined; // dead token (or introspection not allowed): refresh
    await this.deps.connections.saveIntrospection(c.id, hash, result.expiresAt, client);
    const learnt = { ...c, introspectedTokenHash: hash, tokenExpiresAt: result.expiresAt };
    return result.expiresAt.getTime() - Date.now() > this.#margin(provider) ? learnt : undefined;
  }

  async #refresh(c: Connection, provider: Provider, strategy: AuthStrategy, client: import('pg').PoolClient): Promise<Connection> {
    const integration = await this.deps.integrations.getById(c.integrationId);
    if (!integration) throw new TerapiError('unknown_provider_config');
    let issued;
    try {
      issued = await strategy.refresh!({ provider, integration, http: this.deps.http, hooks: this.deps.hooks }, c);
    } catch (err) {
      const error = err instanceof TerapiError ? err : new TerapiError('server_error', undefined, { cause: err });
      const needsReauth = oauthErrorOf(error) === 'invalid_grant' || (error.code !== 'token_err' && error.status < 500 && error.code !== 'server_error');
      if (needsReauth) {
        await this.deps.connections.markNeedsReauth(c.id, { type: 'auth', code: error.code, message: error.message, at: new Date().toISOString() }, client);
      }
      this.deps.logger.warn({ connection: c.id, code: error.code, needsReauth }, 'refresh failed');
      await this.deps.onRefreshFailed?.({ connection: c, error, needsReauth }).catch(() => {});
      throw new TerapiError('invalid_credentials', error.message, {
        status: error.status >= 500 ? 502 : 400,
        payload: { error: oauthErrorOf(error), code: error.code },
        cause: error,
      });
    }
    await this.deps.connections.saveRefreshedCredentials(c.id, issued.credentials, issued.tokenExpiresAt, issued.connectionConfig, client);
    return (await this.deps.connections.getById(c.id, client))!;
  }
}
