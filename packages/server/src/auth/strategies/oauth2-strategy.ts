// OAUTH2 (authorization code): refresh with the refresh token (RFC 6749 §6). With rotation the response
// carries a new refresh token, stored with the access token in one write by the caller.
import { TerapiError } from '../../errors/terapi-error.js';
import { interpolateUrl } from '../../providers/template.js';
import type { AuthStrategy } from '../auth-strategy.js';
import { oauth2Credentials } from '../oauth2/issued-credentials.js';
import { postTokenRequest } from '../oauth2/token-endpoint.js';

export const oauth2Strategy: AuthStrategy = {
  mode: 'OAUTH2',
  accessToken: (c) => (typeof c.access_token === 'string' ? c.access_token : undefined),
  async refresh(ctx, connection) {
    const refreshToken = connection.credentials?.refresh_token;
    if (typeof refreshToken !== 'string') {
      throw new TerapiError('invalid_credentials.no_refresh_token', undefined, { payload: { error: 'invalid_grant' } });
    }
    const raw = await postTokenRequest(ctx.http, ctx.hooks, {
      provider: ctx.provider,
      url: interpolateUrl(ctx.provider.token_url!, { connectionConfig: connection.connectionConfig }),
      params: { grant_type: 'refresh_token', refresh_token: refreshToken },
      clientId: ctx.integration.credentials?.client_id ?? undefined,
      clientSecret: ctx.integration.credentials?.client_secret ?? undefined,
      connectionConfig: connection.connectionConfig,
    });
    return oauth2Credentials(raw, ctx.provider, ctx.hooks, refreshToken);
  },
};
