import type { FastifyInstance } from 'fastify';
import { requestHost } from '../hosts/host-routing.js';
import { nameEndpoint } from '../request-log/endpoint-name.js';
import type { SalesforceSim } from '../salesforce-sim.js';
import { formOf } from './form-body.js';
import { authorizationCodeGrant } from './grants/authorization-code-grant.js';
import { clientCredentialsGrant } from './grants/client-credentials-grant.js';
import type { GrantContext } from './grants/grant-context.js';
import { JWT_BEARER_GRANT, jwtBearerGrant } from './grants/jwt-bearer-grant.js';
import { passwordGrant } from './grants/password-grant.js';
import { refreshTokenGrant } from './grants/refresh-token-grant.js';
import { OAuthError, sendOAuthError, TOKEN_RESPONSE_HEADERS, unsupportedGrant } from './oauth-error.js';

type Grant = (ctx: GrantContext) => Record<string, string> | Promise<Record<string, string>>;

// Request-log names are part of the control API's contract (endpoint counts).
const GRANTS: Record<string, { name: string; run: Grant }> = {
  authorization_code: { name: 'authorization_code', run: authorizationCodeGrant },
  refresh_token: { name: 'refresh_token', run: refreshTokenGrant },
  client_credentials: { name: 'client_credentials', run: clientCredentialsGrant },
  [JWT_BEARER_GRANT]: { name: 'jwt-bearer', run: jwtBearerGrant },
  password: { name: 'password', run: passwordGrant },
};

/** spec/salesforce.md §1.2–1.8: `POST /services/oauth2/token`. */
export function registerTokenRoute(scope: FastifyInstance, sim: SalesforceSim): void {
  scope.post('/services/oauth2/token', { config: { endpoint: 'oauth2.token' } }, async (request, reply) => {
    const form = formOf(request);
    const grantType = form?.grant_type;
    const grant = grantType === undefined ? undefined : GRANTS[grantType];
    nameEndpoint(request, grant ? `oauth2.token:${grant.name}` : 'oauth2.token', grantType);
    try {
      // spec/salesforce.md §1.2: a non-form body or an unknown grant is `unsupported_grant_type`.
      if (!form || !grant) throw unsupportedGrant();
      const host = requestHost(request);
      const bareOrigin = host.kind === 'bare' ? `http://${request.headers.host ?? ''}` : undefined;
      const body = await grant.run({ sim, host, form, headers: request.headers, ...(bareOrigin !== undefined ? { bareOrigin } : {}) });
      // spec/salesforce.md §1.2: `format=urlencoded` or an Accept header asks for a form-encoded answer; JSON otherwise.
      if (form.format === 'urlencoded' || (form.format === undefined && /application\/x-www-form-urlencoded/i.test(request.headers.accept ?? ''))) {
        return reply
          .code(200)
          .headers({ ...TOKEN_RESPONSE_HEADERS, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' })
          .send(new URLSearchParams(body).toString());
      }
      return reply.code(200).headers(TOKEN_RESPONSE_HEADERS).send(body);
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });
}
