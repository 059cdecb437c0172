// One strategy module per auth mode behind this interface (STYLE.md habit 6): core code asks the
// strategy of a connection's mode, never the provider's name.
import type { Connection, StoredCredentials } from '../connections/connection-store.js';
import type { Integration } from '../integrations/integration-store.js';
import type { OutboundHttp } from '../outbound/outbound-http.js';
import type { Provider } from '../providers/provider-catalog.js';
import type { AuthMode } from '../providers/provider-schema.js';
import type { ProviderHooksRegistry } from '../providers/provider-hooks.js';

export interface AuthContext {
  provider: Provider;
  integration: Integration;
  http: OutboundHttp;
  hooks: ProviderHooksRegistry;
}

export interface IssuedCredentials {
  credentials: StoredCredentials;
  /** When the access token stops working, if known (expires_in); null means ask introspection or wait for a 401. */
  tokenExpiresAt: Date | null;
  /** connection_config entries learnt from the token response (instance_url, org and user ids…). */
  connectionConfig: Record<string, unknown>;
}

export interface AuthStrategy {
  readonly mode: AuthMode;
  /** The secret sent upstream as `Authorization: Bearer …`, when the mode has one. */
  accessToken(credentials: StoredCredentials): string | undefined;
  /** Gets new credentials from the stored ones; absent when the mode cannot refresh. */
  refresh?(ctx: AuthContext, connection: Connection): Promise<IssuedCredentials>;
}

export type AuthStrategies = ReadonlyMap<AuthMode, AuthStrategy>;
