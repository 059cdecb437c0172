// The query string of every auth URL, in the order of nango-api.md §3.1. Nango leaves some values
// unencoded (connection id, keys, hmac, user_scope, authorization_params); here every value is encoded, which
// gives the same string for the values those fields hold (ids, hex, scope names) and a correct one for the rest.
import type { ConnectionConfig } from './types.js';

export interface AuthIdentity {
  publicKey?: string | undefined;
  connectSessionToken?: string | undefined;
}

const enc = encodeURIComponent;

export function authQuery(identity: AuthIdentity, connectionId: string | null, config?: ConnectionConfig): string {
  const q: string[] = [];
  if (connectionId) q.push(`connection_id=${enc(connectionId)}`);
  if (identity.publicKey) q.push(`public_key=${enc(identity.publicKey)}`);
  if (identity.connectSessionToken) q.push(`connect_session_token=${enc(identity.connectSessionToken)}`);
  if (config) {
    for (const [k, v] of Object.entries(config.params ?? {})) if (typeof v === 'string') q.push(`params[${enc(k)}]=${enc(v)}`);
    if (config.hmac) q.push(`hmac=${enc(config.hmac)}`);
    if (config.user_scope) q.push(`user_scope=${config.user_scope.map(enc).join(',')}`);
    const c = (config.credentials ?? {}) as Record<string, string | undefined>;
    for (const k of ['oauth_client_id_override', 'oauth_client_secret_override', 'oauth_refresh_token_override']) {
      if (k in c) q.push(`credentials[${k}]=${enc(String(c[k]))}`);
    }
    for (const k of ['token_id', 'token_secret']) if (k in c) q.push(`${k}=${enc(String(c[k]))}`);
    // §3.1: a value of undefined is sent as the literal "undefined", which tells the server to drop that parameter.
    for (const k of Object.keys(config.authorization_params ?? {})) {
      const v = config.authorization_params![k];
      q.push(`authorization_params[${enc(k)}]=${v === undefined ? 'undefined' : enc(v)}`);
    }
  }
  return q.length === 0 ? '' : `?${q.join('&')}`;
}
