// POST /oauth2/auth/:providerConfigKey (nango-api.md §3.6): the frontend's client-credentials auth. The
// body's fields are checked by hand after the integration, as Nango does (§3.3: missing_client_id /
// missing_client_secret, and 400 for an unknown integration): its declared schema refuses nothing and
// describes the fields for /openapi.json. Salesforce accepts this flow only on a My Domain host
// (spec/salesforce.md §1.5); the catalog's hostname rules and the token-error hook say so before and after
// the call.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { declareRoute, SESSION_QUERY } from '../../http/route-contract.js';
import type { AuthRequestDeps } from './auth-request.js';
import { issueClientCredentials } from '../strategies/oauth2-cc-strategy.js';
import { AUTH_PARAMS, AUTH_QUERY, completeAuthRequest, resolveAuthRequest } from './auth-request.js';

export type ClientCredentialsRouteDeps = AuthRequestDeps;

/** Any body: one that is not a JSON object reads as an empty one (then missing_client_id). */
const ccBody = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {}),
  z.looseObject({
    client_id: z.unknown().optional().meta({ type: 'string', description: 'The client id (Consumer Key); required' }),
    client_secret: z.unknown().optional().meta({ type: 'string', description: 'The client secret (Consumer Secret); required' }),
    client_private_key: z.unknown().optional().meta({ type: 'string', description: 'private_key_jwt is not supported (missing_client_secret)' }),
  }),
);

export function registerClientCredentialsRoutes(app: FastifyInstance, s: ClientCredentialsRouteDeps): void {
  declareRoute(app, { method: 'POST', url: '/oauth2/auth/:providerConfigKey', auth: SESSION_QUERY, summary: 'Create a client-credentials connection (e.g. salesforce-cc)', tag: 'Auth', query: AUTH_QUERY, params: AUTH_PARAMS, body: ccBody }, async (req, _reply, { body, ...rest }) => {
    const a = await resolveAuthRequest(s, req, rest, { accepts: (p) => p.auth_mode === 'OAUTH2_CC', unknownIntegrationStatus: 400 });
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
