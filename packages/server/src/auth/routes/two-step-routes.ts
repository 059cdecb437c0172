// POST /auth/two-step/:providerConfigKey and POST /auth/jwt/:providerConfigKey (nango-api.md §3.2, §3.3):
// the frontend sends `type:'TWO_STEP'` credentials to the first and bare `privateKey` credentials to the
// second, so both accept any provider whose mode is TWO_STEP or JWT. Bodies are any object; the fields the
// catalog's `credentials` names are required. 404 for an unknown integration (§3.3 table).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { declareRoute, SESSION_QUERY } from '../../http/route-contract.js';
import type { Provider } from '../../providers/provider-catalog.js';
import type { AuthRequestDeps } from './auth-request.js';
import type { RouteInput } from '../../http/route-input.js';
import { issueTwoStep, submittedCredentials } from '../strategies/two-step-strategy.js';
import { AUTH_PARAMS, AUTH_QUERY, completeAuthRequest, resolveAuthRequest } from './auth-request.js';

export type TwoStepRouteDeps = AuthRequestDeps;

const anyObject = z.record(z.string(), z.unknown());
const acceptsTwoStep = (p: Provider) => p.auth_mode === 'TWO_STEP' || p.auth_mode === 'JWT';

export function registerTwoStepRoutes(app: FastifyInstance, s: TwoStepRouteDeps): void {
  const input = { query: AUTH_QUERY, params: AUTH_PARAMS, body: anyObject };
  const handler = async (req: import('fastify').FastifyRequest, _reply: unknown, { body, ...rest }: RouteInput<typeof input>) => {
    const a = await resolveAuthRequest(s, req, rest, { accepts: acceptsTwoStep, unknownIntegrationStatus: 404 });
    const submitted = submittedCredentials(a.provider, body);
    return completeAuthRequest(s, a, (ctx) => issueTwoStep(ctx, submitted, a.connectionConfig));
  };
  declareRoute(app, { method: 'POST', url: '/auth/two-step/:providerConfigKey', auth: SESSION_QUERY, summary: 'Create a two-step connection (e.g. JWT bearer for salesforce-jwt)', tag: 'Auth', ...input }, handler);
  declareRoute(app, { method: 'POST', url: '/auth/jwt/:providerConfigKey', auth: SESSION_QUERY, summary: 'Create a JWT-bearer connection', tag: 'Auth', ...input }, handler);
}
