// Connections as the API shows them (nango-api.md §6.1–6.3, §0.5 timestamp formats).
import type { Connection, EndUser } from './connection-store.js';

/** `+00:00` instead of `Z`, as Nango's GET /connections/:id shows its own timestamps. */
export const pgIso = (d: Date | null): string | null => (d ? d.toISOString().replace('Z', '+00:00') : null);

/** nango-api.md §6.2: remove every key whose letters-only lowercase form is `refreshtoken`, at any depth. */
export function stripRefreshTokens<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripRefreshTokens) as T;
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // A key shorter than the 12 letters of "refreshtoken" cannot match: most keys skip the regex.
    if (k.length >= 12 && k.replace(/[^a-zA-Z]/g, '').toLowerCase() === 'refreshtoken') continue;
    out[k] = stripRefreshTokens(v);
  }
  return out as T;
}

export function apiEndUser(u: EndUser | null) {
  if (!u) return null;
  return {
    id: u.id,
    display_name: u.display_name ?? null,
    email: u.email ?? null,
    tags: u.tags ?? null,
    organization: u.organization ? { id: u.organization.id, display_name: u.organization.display_name ?? null } : null,
  };
}

export const apiErrors = (c: Connection) => (c.lastError ? [{ type: c.lastError.type, log_id: c.lastError.log_id ?? '', code: c.lastError.code, message: c.lastError.message }] : []);

export function toApiConnectionListItem(c: Connection) {
  return {
    id: c.id,
    connection_id: c.connectionId,
    provider_config_key: c.providerConfigKey,
    provider: c.provider,
    errors: apiErrors(c),
    end_user: apiEndUser(c.endUser),
    tags: c.tags,
    metadata: c.metadata,
    created: pgIso(c.createdAt),
  };
}

export function toApiConnection(c: Connection, opts: { includeRefreshToken: boolean }) {
  const credentials = c.credentials ?? {};
  const body = {
    id: c.id,
    connection_id: c.connectionId,
    provider_config_key: c.providerConfigKey,
    provider: c.provider,
    errors: apiErrors(c),
    end_user: apiEndUser(c.endUser),
    tags: c.tags,
    metadata: c.metadata,
    connection_config: c.connectionConfig,
    webhook_url_override: c.webhookUrlOverride,
    created_at: pgIso(c.createdAt),
    updated_at: pgIso(c.updatedAt),
    last_fetched_at: pgIso(c.lastFetchedAt),
    // terapi additions: what a dashboard needs to show a connection's health
    auth_status: c.authStatus,
    last_refresh_at: c.lastRefreshAt?.toISOString() ?? null,
    token_expires_at: c.tokenExpiresAt?.toISOString() ?? null,
    api_usage: c.apiUsage,
    credentials,
  };
  if (opts.includeRefreshToken) return body;
  return { ...body, credentials: stripRefreshTokens(credentials), connection_config: stripRefreshTokens(c.connectionConfig) };
}
