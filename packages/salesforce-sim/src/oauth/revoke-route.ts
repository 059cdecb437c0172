import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SalesforceSim } from '../salesforce-sim.js';
import { paramsOf } from './form-body.js';
import { OAuthError, sendOAuthError } from './oauth-error.js';

/**
 * spec/salesforce.md §2.2: `token=` in a form POST (or the query of a GET); 200 on success, 400 `invalid_token`
 * otherwise. The error body is JSON (§8.3 leaves its encoding open). Revoking a refresh token revokes its access tokens.
 */
export function registerRevokeRoute(scope: FastifyInstance, sim: SalesforceSim): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const value = paramsOf(request).token;
    const token = value === undefined ? undefined : sim.tokens.get(value);
    if (!token || !sim.tokens.isLive(token, sim.now())) {
      return sendOAuthError(reply, new OAuthError('invalid_token', 'invalid token'));
    }
    sim.tokens.revoke(token);
    return reply.code(200).send();
  };
  scope.post('/services/oauth2/revoke', { config: { endpoint: 'oauth2.revoke' } }, handler);
  scope.get('/services/oauth2/revoke', { config: { endpoint: 'oauth2.revoke' } }, handler);
}
