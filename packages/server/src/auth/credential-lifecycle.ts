// Fresh credentials for a connection (DESIGN.md "Credentials"; issue 4 points 2–4). Invariants, written
// where they can break:
// - at most one refresh (or introspection) per connection at a time across all processes: the work runs
//   under a per-connection advisory lock, and in-process callers share one promise;
// - a token's expiry is learnt at most once (the introspection answer is stored with the token's sha256,
//   so every process sees it);
// - a refresh writes access token, rotated refresh token and expiry in one UPDATE, or nothing (a network
//   failure leaves the stored credentials exactly as they were);
// - a refresh the provider refuses for good (invalid_grant) marks the connection needs_reauth, keeps the
//   last credentials, records the error and tells the app once (auth webhook `refresh`, success false).
import type { Logger } from 'pino';
import type pg from 'pg';
import { sha256Hex } from '../crypto/secret-box.js';
import { LOCK_NAMESPACE, type Database, type Queryable } from '../database/database.js';
import { TerapiError } from '../errors/terapi-error.js';
import type { Connection, ConnectionStore } from '../connections/connection-store.js';
import type { Integration, IntegrationStore } from '../integrations/integration-store.js';
import type { OutboundHttp } from '../outbound/outbound-http.js';
import type { ProviderCatalog, Provider } from '../providers/provider-catalog.js';
import { hooksOf, type ProviderHooksRegistry } from '../providers/provider-hooks.js';
import { checkAutomatedConnectionConfig } from '../providers/allowed-hosts.js';
import type { AuthStrategies, AuthStrategy } from './auth-strategy.js';
import { oauthErrorOf } from './oauth2/token-endpoint.js';
import { refreshMarginMs } from './refresh-margin.js';
import type { OperationLog } from '../operations/operation-log.js';
import { recordRefresh } from './refresh-operation.js';

/** nango-api.md §6.2: refresh when the token expires within 15 minutes (less for shorter-lived tokens, refresh-margin.ts). */
export const DEFAULT_REFRESH_MARGIN_SECONDS = 15 * 60;

export interface RefreshFailure {
  connection: Connection;
  error: TerapiError;
  /** true when the provider said the grant is gone (invalid_grant): the end user must reconnect. */
  needsReauth: boolean;
  /** The transaction that marks the connection: enqueue the webhook in it, so both happen or neither. */
  q?: Queryable;
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
  /** Every refresh, and why one failed, lands in the operation log. */
  operations: OperationLog;
  /** Called once when a refresh failed for good (auth webhook `refresh`, success false). */
  onRefreshFailed?: (f: RefreshFailure) => Promise<void>;
}

/** Whether a refusal means the grant is gone, so retrying cannot help and the end user must reconnect. */
export function isPermanentRefreshFailure(error: TerapiError): boolean {
  if (oauthErrorOf(error) === 'invalid_grant') return true;
  return error.code !== 'token_err' && error.code !== 'server_error' && error.status < 500;
}

export class CredentialLifecycle {
  readonly #inflight = new Map<string, Promise<Connection>>();

  constructor(private readonly deps: CredentialLifecycleDeps) {}

  strategyFor(provider: Provider): AuthStrategy | undefined {
    return this.deps.strategies.get(provider.auth_mode);
  }

  /**
   * The connection with credentials valid for at least the refresh margin, refreshing first if needed. When
   * nothing has to be learnt or refreshed (nearly every call: the proxy's path) it answers at once, the
   * connection itself rather than a promise of it; otherwise a promise. A connection that needs
   * re-authorization throws (at once, or as the promise's rejection): `await` sees both the same way.
   */
  fresh(connection: Connection, opts?: { forceRefresh?: boolean }): Connection | Promise<Connection> {
    const provider = this.deps.catalog.get(connection.provider);
    const strategy = provider && this.strategyFor(provider);
    if (!provider || !strategy?.refresh || !connection.credentials) return connection;
    const force = opts?.forceRefresh === true;
    if (!force && connection.authStatus === 'needs_reauth') {
      throw new TerapiError('connection_refresh_backoff', undefined, { payload: { error: connection.lastError } });
    }
    if (!force && this.#isFresh(connection, provider, strategy)) return connection;
    const seen = strategy.accessToken(connection.credentials);
    return this.#singleFlight(`${connection.id}:${force}`, () => this.#learnOrRefresh(connection, seen, force));
  }

  /** The refresh margin for this token: the configured one, or a quarter of a shorter-lived token's lifetime. */
  #margin(provider: Provider, c: Pick<Connection, 'lastRefreshAt' | 'tokenExpiresAt'>): number {
    return refreshMarginMs(provider.refresh_margin_seconds ?? DEFAULT_REFRESH_MARGIN_SECONDS, c.lastRefreshAt, c.tokenExpiresAt);
  }

  #canIntrospect(provider: Provider): boolean {
    return provider.token_expiration_strategy !== 'expires_in' && !!hooksOf(this.deps.hooks, provider).introspect;
  }

  /** Fresh without asking anyone: a known expiry beyond the margin, or a token introspection could not date. */
  #isFresh(c: Connection, provider: Provider, strategy: AuthStrategy): boolean {
    if (c.tokenExpiresAt) return c.tokenExpiresAt.getTime() - Date.now() > this.#margin(provider, c);
    const token = strategy.accessToken(c.credentials!);
    if (!token) return true;
    // Already introspected with no answer (refused): rely on refresh-on-401.
    return !this.#canIntrospect(provider) || c.introspectedTokenHash === sha256Hex(token);
  }

  #singleFlight(key: string, work: () => Promise<Connection>): Promise<Connection> {
    const existing = this.#inflight.get(key);
    if (existing) return existing;
    const p = work().finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, p);
    return p;
  }

  async #learnOrRefresh(seen: Connection, seenToken: string | undefined, force: boolean): Promise<Connection> {
    const { db, connections } = this.deps;
    const id = seen.id;
    // Read before taking the lock: the lock holder then needs no second pool client (no pool starvation
    // when many processes wait on many connections' locks at once).
    const integration = await this.deps.integrations.getById(seen.integrationId);
    if (!integration) throw new TerapiError('unknown_provider_config');
    return db.withAdvisoryLock(LOCK_NAMESPACE.connectionRefresh, id, async (client) => {
      const current = await connections.getById(id, client);
      if (!current?.credentials) throw new TerapiError('not_found.connection');
      const provider = this.deps.catalog.get(current.provider)!;
      const strategy = this.strategyFor(provider)!;
      const token = strategy.accessToken(current.credentials);
      // Another caller refreshed while we waited for the lock: its token is the fresh one (a forced
      // refresh included — one new token per wave of callers, never two).
      if (token !== seenToken && current.authStatus === 'ok') return current;
      // Introspection and refresh are steered by the stored instance_url, which may predate the check at storage.
      checkAutomatedConnectionConfig(provider, current.connectionConfig, 'stored');
      if (!force) {
        if (current.authStatus === 'needs_reauth') {
          throw new TerapiError('connection_refresh_backoff', undefined, { payload: { error: current.lastError } });
        }
        if (this.#isFresh(current, provider, strategy)) return current;
        if (!current.tokenExpiresAt && token) {
          const learnt = await this.#introspect(current, provider, integration, token, client, false);
          if (learnt) return learnt;
        }
      }
      const refreshed = await this.#refresh(current, provider, integration, strategy, client);
      // Learn the new token's expiry now, under the same lock; a brand-new token cannot be inactive, so
      // "inactive" here means the provider refuses to say (refresh on 401 from then on).
      const newToken = strategy.accessToken(refreshed.credentials!);
      if (!refreshed.tokenExpiresAt && newToken && this.#canIntrospect(provider)) {
        return (await this.#introspect(refreshed, provider, integration, newToken, client, true)) ?? refreshed;
      }
      return refreshed;
    });
  }

  /** Asks the provider when the token expires; returns the connection if the token is still fresh. */
  async #introspect(c: Connection, provider: Provider, integration: Integration, token: string, client: pg.PoolClient, justIssued: boolean): Promise<Connection | undefined> {
    const introspect = hooksOf(this.deps.hooks, provider).introspect!;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    let result: Awaited<ReturnType<typeof introspect>>;
    try {
      result = await introspect({
        provider,
        http: this.deps.http,
        accessToken: token,
        clientId: str(integration.credentials?.client_id) ?? str(c.credentials?.client_id),
        clientSecret: str(integration.credentials?.client_secret) ?? str(c.credentials?.client_secret),
        connectionConfig: c.connectionConfig,
        justIssued,
      });
    } catch (err) {
      this.deps.logger.warn({ connection: c.id, err: (err as Error).message }, 'token introspection failed; using the token as is');
      return c;
    }
    const hash = sha256Hex(token);
    if (result.kind === 'refused') {
      await this.deps.connections.saveIntrospection(c.id, hash, null, client);
      if (result.error) {
        const e = result.error;
        await this.deps.connections.recordError(c.id, { type: 'auth', code: e.code, message: e.message, at: new Date().toISOString() }, client);
        this.deps.logger.warn({ connection: c.id, code: e.code }, e.message);
      }
      return (await this.deps.connections.getById(c.id, client)) ?? { ...c, introspectedTokenHash: hash };
    }
    if (result.kind === 'inactive') return undefined; // dead token: refresh
    await this.deps.connections.saveIntrospection(c.id, hash, result.expiresAt, client);
    const learnt = { ...c, introspectedTokenHash: hash, tokenExpiresAt: result.expiresAt };
    return justIssued || result.expiresAt.getTime() - Date.now() > this.#margin(provider, learnt) ? learnt : undefined;
  }

  /** needs_reauth and its auth webhook in one transaction (on the lock's own client): both or neither. */
  async #markNeedsReauth(c: Connection, error: TerapiError, client: pg.PoolClient): Promise<void> {
    await client.query('begin');
    try {
      await this.deps.connections.markNeedsReauth(c.id, { type: 'auth', code: error.code, message: error.message, at: new Date().toISOString() }, client);
      // Told once: a forced retry of a connection already marked does not notify the app again.
      if (c.authStatus !== 'needs_reauth') await this.deps.onRefreshFailed?.({ connection: c, error, needsReauth: true, q: client });
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => {});
      this.deps.logger.error({ err, connection: c.id }, 'could not mark the connection needs_reauth');
    }
  }

  async #refresh(c: Connection, provider: Provider, integration: Integration, strategy: AuthStrategy, client: pg.PoolClient): Promise<Connection> {
    let issued;
    const startedAt = new Date();
    try {
      issued = await strategy.refresh!({ provider, integration, http: this.deps.http, hooks: this.deps.hooks }, c);
    } catch (err) {
      const error = err instanceof TerapiError ? err : new TerapiError('server_error', undefined, { cause: err });
      const needsReauth = isPermanentRefreshFailure(error);
      this.deps.logger.warn({ connection: c.id, code: error.code, needsReauth }, 'refresh failed');
      if (needsReauth) await this.#markNeedsReauth(c, error, client);
      recordRefresh(this.deps.operations, c, startedAt, { error, needsReauth });
      throw new TerapiError(error.status >= 500 ? 'invalid_credentials.provider_unavailable' : 'invalid_credentials.refresh_failed', { reason: error.message }, {
        payload: { error: oauthErrorOf(error), code: error.code },
        cause: error,
      });
    }
    await this.deps.connections.saveRefreshedCredentials(c.id, issued.credentials, issued.tokenExpiresAt, issued.connectionConfig, client);
    recordRefresh(this.deps.operations, c, startedAt, { tokenExpiresAt: issued.tokenExpiresAt });
    return (await this.deps.connections.getById(c.id, client))!;
  }
}
