// From a token response to what terapi stores: the credentials object of nango-api.md §6.3, the token's
// expiry when the response says (expires_in, RFC 6749 §5.1), and connection_config learnt from it.
import type { Provider } from '../../providers/provider-catalog.js';
import { hooksOf, type ProviderHooksRegistry } from '../../providers/provider-hooks.js';
import { checkAutomatedConnectionConfig } from '../../providers/allowed-hosts.js';
import type { IssuedCredentials } from '../auth-strategy.js';

export function expiryOf(raw: Record<string, unknown>, provider: Provider, now = Date.now()): Date | null {
  const expiresIn = Number(raw.expires_in);
  if (Number.isFinite(expiresIn) && expiresIn > 0) return new Date(now + expiresIn * 1000);
  if (provider.token_expires_in_ms) return new Date(now + provider.token_expires_in_ms);
  return null;
}

export function connectionConfigFrom(raw: Record<string, unknown>, provider: Provider, hooks: ProviderHooksRegistry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of provider.token_response_metadata ?? []) if (raw[key] !== undefined) out[key] = raw[key];
  const config = { ...out, ...hooksOf(hooks, provider).connectionConfigFromTokenResponse?.(raw, provider) };
  // A token response steers later requests (instance_url is the proxy's, introspection's and revocation's base):
  // refused here, before anything is stored or called, when it leaves the provider's hosts (issue 9 point 3).
  checkAutomatedConnectionConfig(provider, config, 'token_response');
  return config;
}

export function oauth2Credentials(
  raw: Record<string, unknown>,
  provider: Provider,
  hooks: ProviderHooksRegistry,
  previousRefreshToken?: string,
): IssuedCredentials {
  const tokenExpiresAt = expiryOf(raw, provider);
  const refreshToken = typeof raw.refresh_token === 'string' ? raw.refresh_token : previousRefreshToken;
  const credentials = {
    type: 'OAUTH2',
    access_token: String(raw.access_token),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    ...(tokenExpiresAt ? { expires_at: tokenExpiresAt.toISOString() } : {}),
    raw,
  };
  return { credentials, tokenExpiresAt, connectionConfig: connectionConfigFrom(raw, provider, hooks) };
}
