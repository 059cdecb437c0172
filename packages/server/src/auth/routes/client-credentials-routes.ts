// POST /oauth2/auth/:providerConfigKey (nango-api.md §3.6): the frontend's client-credentials auth. The
// body is checked by hand, as Nango does (§3.3: missing_client_id / missing_client_secret, and 400 for an
// unknown integration). Salesforce accepts this flow only on a My Domain host (spec/salesforce.md §1.5);
// the catalog's hostname rules and the token-error hook say so before and after the call.
import type { FastifyInstance } from 'fastify';
import { TerapiError } from '../../errors/terapi-error.js';
import { declareRoute, SESSION_QUERY } from '../../http/route-contract.js';
import type { AuthRequestDeps } from './auth-request.js';
import { issueClientCredentials } from '../strategies/oauth2-cc-strategy.js';
import { completeAuthRequest, resolveAuthRequest } from './auth-request.js';

export type ClientCredentialsRouteDeps = AuthRequestDeps;

export function registerClientCredentialsRoutes(app: FastifyInstance, s: ClientCredentialsRouteDeps): void {
  declareRoute(app, { method: 'POST', url: '/oauth2/auth/:providerConfigKey', auth: SESSION_QUERY, summary: 'Create a client-credentials connection (e.g. salesforce-cc)', tag: 'Auth' }, async (req) => {
    const a = await resolveAuthRequest(s, req, { accepts: (p) => p.auth_mode === 'OAUTH2_CC', unknownIntegrationStatus: 400 });
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const clientId = body.client_id;
    const clientSecret = body.client_secret;
    if (typeof clientId !== 'string' || !clientId) throw new TerapiError('missing_client_id');
    if ((typeof clientSecret !== 'string' || !clientSecret) && typeof body.client_private_key !== 'string') throw new TerapiError('missing_client_secret');
    if (typeof clientSecret !== 'string' || !clientSecret) {
      throw new TerapiError('missing_client_secret.private_key_jwt_unsupported', { provider: a.provider.display_name });
    }
    return completeAuthRequest(s, a, (ctx) => issueClientCredentials(ctx, { clientId, clientSecret, connectionConfig: a.connectionConfig }));
  });
}
