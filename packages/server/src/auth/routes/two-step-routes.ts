// POST /auth/two-step/:providerConfigKey and POST /auth/jwt/:providerConfigKey (nango-api.md §3.2, §3.3):
// the frontend sends `type:'TWO_STEP'` credentials to the first and bare `privateKey` credentials to the
// second, so both accept any provider whose mode is TWO_STEP or JWT. Bodies are any object; the fields the
// catalog's `credentials` names are required. 404 for an unknown integration (§3.3 table).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validate } from '../../http/validate.js';
import type { Provider } from '../../providers/provider-catalog.js';
import type { Services } from '../../server/services.js';
import { saveAuthorizedConnection } from '../authorized-connection.js';
import { issueTwoStep, submittedCredentials } from '../strategies/two-step-strategy.js';
import { asConnectionTestFailure, resolveAuthRequest } from './auth-request.js';

const anyObject = z.record(z.string(), z.unknown());
const acceptsTwoStep = (p: Provider) => p.auth_mode === 'TWO_STEP' || p.auth_mode === 'JWT';

export function registerTwoStepRoutes(app: FastifyInstance, s: Services): void {
  const handler = async (req: import('fastify').FastifyRequest) => {
    const a = await resolveAuthRequest(s, req, { accepts: acceptsTwoStep, unknownIntegrationStatus: 404 });
    const body = validate(anyObject, req.body, 'invalid_body');
    const submitted = submittedCredentials(a.provider, body);
    let issued;
    try {
      issued = await issueTwoStep({ provider: a.provider, integration: a.integration, http: s.http, hooks: s.hooks }, submitted, a.connectionConfig);
    } catch (err) {
      throw asConnectionTestFailure(err);
    }
    const { connection } = await saveAuthorizedConnection(s, {
      environmentId: a.environment.id,
      integration: a.integration,
      connectionId: a.connectionId,
      issued,
      connectionConfig: a.connectionConfig,
      session: a.session,
    });
    return { connectionId: connection.connectionId, providerConfigKey: connection.providerConfigKey };
  };
  app.post('/auth/two-step/:providerConfigKey', handler);
  app.post('/auth/jwt/:providerConfigKey', handler);
}
