import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { requestHost } from '../hosts/host-routing.js';
import type { SalesforceSim } from '../salesforce-sim.js';
import { formOf } from './form-body.js';
import { OAuthError, sendOAuthError, TOKEN_RESPONSE_HEADERS, unsupportedGrant } from './oauth-error.js';

const CDP_GRANT = 'urn:salesforce:grant-type:external:cdp';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const A360_LIFETIME_SECONDS = 7200;

/**
 * spec/salesforce.md §1.7: `POST {instance_url}/services/a360/token` exchanges a core access token for a Data Cloud
 * one; the only token response with `expires_in`. The core token needs a `cdp_*` scope, else `invalid_scope`.
 */
export function registerA360TokenRoute(scope: FastifyInstance, sim: SalesforceSim): void {
  const signingKey = randomBytes(32);
  scope.post('/services/a360/token', { config: { endpoint: 'a360.token' } }, async (request, reply) => {
    const host = requestHost(request);
    const form = formOf(request);
    try {
      if (host.kind !== 'my-domain' || !host.org) throw new OAuthError('invalid_grant', 'request not supported on this domain');
      if (!form || form.grant_type !== CDP_GRANT) throw unsupportedGrant();
      if (form.subject_token_type !== ACCESS_TOKEN_TYPE) throw new OAuthError('invalid_request', 'invalid subject_token_type');
      const session = sim.bearerSession({ authorization: `Bearer ${form.subject_token ?? ''}` });
      // [unverified] wording for a dead or foreign subject token.
      if (!session || session.org.id !== host.org.id) throw new OAuthError('invalid_grant', 'invalid subject token');
      if (!session.token.scope.split(' ').some((s) => s.startsWith('cdp_'))) {
        throw new OAuthError('invalid_scope', 'the access token lacks a Data Cloud (cdp_*) scope');
      }
      const now = Math.floor(sim.now() / 1000);
      const accessToken = await new SignJWT({ orgId: session.org.id, scp: session.token.scope })
        .setProtectedHeader({ alg: 'HS256', kid: `CORE.${session.org.id}` })
        .setSubject(session.user.id)
        .setIssuedAt(now)
        .setExpirationTime(now + A360_LIFETIME_SECONDS)
        .sign(signingKey);
      const tenant = createHash('sha256').update(session.org.id).digest('hex').slice(0, 26);
      return reply.code(200).headers(TOKEN_RESPONSE_HEADERS).send({
        access_token: accessToken,
        // spec/salesforce.md §8.5: the tenant URL is sent without a scheme, as in the recorded example.
        instance_url: `${tenant}.c360a.salesforce.com`,
        token_type: 'Bearer',
        issued_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        expires_in: A360_LIFETIME_SECONDS,
      });
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });
}
