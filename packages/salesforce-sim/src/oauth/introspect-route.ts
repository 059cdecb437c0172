import type { FastifyInstance } from 'fastify';
import { requestHost } from '../hosts/host-routing.js';
import type { SalesforceSim } from '../salesforce-sim.js';
import { authenticateClient, readClientCredentials } from './client-auth.js';
import { paramsOf } from './form-body.js';
import { OAuthError, sendOAuthError, TOKEN_RESPONSE_HEADERS } from './oauth-error.js';

/**
 * spec/salesforce.md §2.1. An app sees its own org's tokens only while its "introspect all tokens" setting is on;
 * anything else (unknown, expired, revoked, another org's) is a 200 `{"active":false}`.
 */
export function registerIntrospectRoute(scope: FastifyInstance, sim: SalesforceSim): void {
  scope.post('/services/oauth2/introspect', { config: { endpoint: 'oauth2.introspect' } }, async (request, reply) => {
    const form = paramsOf(request);
    try {
      const app = authenticateClient(sim, requestHost(request), readClientCredentials(request.headers, form), 'always');
      const token = form.token === undefined ? undefined : sim.tokens.get(form.token);
      const org = token && sim.getOrg(token.orgId);
      const user = org?.users.find((u) => u.id === token?.userId);
      if (!token || !org || !user || !app.introspectAll || token.orgId !== app.orgId || !sim.tokens.isLive(token, sim.now())) {
        return reply.code(200).headers(TOKEN_RESPONSE_HEADERS).send({ active: false });
      }
      const iat = Math.floor(token.issuedAt / 1000);
      return reply.code(200).headers(TOKEN_RESPONSE_HEADERS).send({
        active: true,
        scope: token.scope,
        client_id: token.clientId,
        username: user.username,
        sub: sim.identityUrl(org, user),
        token_type: token.kind === 'access' ? 'access_token' : 'refresh_token',
        ...(token.expiresAt !== undefined ? { exp: Math.floor(token.expiresAt / 1000) } : {}),
        iat,
        nbf: iat,
      });
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });
}
