// OAUTH2_CC (RFC 6749 §4.4): the client's own credentials buy a token; "refresh" is asking again with
// the stored client id and secret. Salesforce sends neither expires_in nor a refresh token
// (spec/salesforce.md §1.5), so the expiry comes from introspection like any Salesforce token.
import { interpolate, interpolateUrl } from '../../providers/template.js';
import type { Connection } from '../../connections/connection-store.js';
import type { AuthContext, AuthStrategy, IssuedCredentials } from '../auth-strategy.js';
import { connectionConfigFrom, expiryOf } from '../oauth2/issued-credentials.js';
import { postTokenRequest } from '../oauth2/token-endpoint.js';

export interface ClientCredentialsInput {
  clientId: string;
  clientSecret: string;
  connectionConfig: Record<string, unknown>;
}

export async function issueClientCredentials(ctx: AuthContext, input: ClientCredentialsInput): Promise<IssuedCredentials> {
  const scope = { connectionConfig: input.connectionConfig };
  const params: Record<string, string> = { grant_type: 'client_credentials' };
  for (const [k, v] of Object.entries(ctx.provider.token_params ?? {})) params[k] = interpolate(v, scope);
  const raw = await postTokenRequest(ctx.http, ctx.hooks, {
    provider: ctx.provider,
    url: interpolateUrl(ctx.provider.token_url!, scope),
    params,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    connectionConfig: input.connectionConfig,
  });
  const tokenExpiresAt = expiryOf(raw, ctx.provider);
  return {
    credentials: {
      type: 'OAUTH2_CC',
      token: String(raw.access_token),
      ...(tokenExpiresAt ? { expires_at: tokenExpiresAt.toISOString() } : {}),
      client_id: input.clientId,
      client_secret: input.clientSecret,
      raw,
    },
    tokenExpiresAt,
    connectionConfig: connectionConfigFrom(raw, ctx.provider, ctx.hooks),
  };
}

export const oauth2ClientCredentialsStrategy: AuthStrategy = {
  mode: 'OAUTH2_CC',
  accessToken: (c) => (typeof c.token === 'string' ? c.token : undefined),
  refresh(ctx: AuthContext, connection: Connection) {
    const c = connection.credentials ?? { type: 'OAUTH2_CC' };
    return issueClientCredentials(ctx, {
      clientId: String(c.client_id ?? ''),
      clientSecret: String(c.client_secret ?? ''),
      connectionConfig: connection.connectionConfig,
    });
  },
};
