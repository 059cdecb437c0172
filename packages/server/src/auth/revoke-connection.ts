// Deleting a connection revokes its tokens at the provider first (RFC 7009; spec/salesforce.md §2.2):
// best effort, logged, never blocking the deletion. Revoking the refresh token also kills its access tokens.
import type { Connection } from '../connections/connection-store.js';
import type { ProviderCatalog } from '../providers/provider-catalog.js';
import type { OutboundHttp } from '../outbound/outbound-http.js';
import type { Logger } from 'pino';
import type { AuthStrategies } from './auth-strategy.js';
import type { ProviderHooksRegistry } from '../providers/provider-hooks.js';
import type { IntegrationStore } from '../integrations/integration-store.js';
import { interpolate } from '../providers/template.js';
import { checkAutomatedConnectionConfig } from '../providers/allowed-hosts.js';

/** What revoking a connection's tokens reaches. */
export interface RevokeConnectionDeps {
  catalog: ProviderCatalog;
  http: OutboundHttp;
  logger: Logger;
  strategies: AuthStrategies;
  hooks: ProviderHooksRegistry;
  integrations: IntegrationStore;
}

export async function revokeConnectionTokens(s: RevokeConnectionDeps, c: Connection): Promise<'revoked' | 'skipped' | 'failed'> {
  const provider = s.catalog.get(c.provider);
  if (!provider?.revocation_url || !c.credentials) return 'skipped';
  const strategy = s.strategies.get(provider.auth_mode);
  const refreshToken = typeof c.credentials.refresh_token === 'string' ? c.credentials.refresh_token : undefined;
  const token = refreshToken ?? strategy?.accessToken(c.credentials);
  if (!token) return 'skipped';
  try {
    checkAutomatedConnectionConfig(provider, c.connectionConfig, 'stored');
    const url = interpolate(provider.revocation_url, { connectionConfig: c.connectionConfig, credentials: c.credentials });
    const res = await s.http.postForm(url, { token }, { timeoutMs: 5_000 });
    const ok = res.status >= 200 && res.status < 300;
    s.logger.info({ connection: c.id, status: res.status }, ok ? 'revoked the connection\'s token at the provider' : 'the provider refused to revoke the token');
    return ok ? 'revoked' : 'failed';
  } catch (err) {
    s.logger.warn({ connection: c.id, err: (err as Error).message }, 'could not revoke the connection\'s token; deleting it anyway');
    return 'failed';
  }
}
