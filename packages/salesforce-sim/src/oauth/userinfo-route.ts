import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SalesforceSim } from '../salesforce-sim.js';
import { JSON_CONTENT_TYPE } from './invalid-session.js';
import { identityBody, userinfoBody } from './user-profile.js';

// [unverified] Salesforce's identity service answers a bad token with a bare 403 `Bad_OAuth_Token`, and an id URL
// of another org with 403 `Bad_Id`; spec/salesforce.md §2.3–2.4 do not record these.
const BAD_TOKEN = 'Bad_OAuth_Token';

/** spec/salesforce.md §2.3 `GET|POST /services/oauth2/userinfo` and §2.4 the identity URL `GET /id/:orgId/:userId`. */
export function registerUserinfoRoutes(scope: FastifyInstance, sim: SalesforceSim): void {
  const userinfo = async (request: FastifyRequest, reply: FastifyReply) => {
    const session = sim.bearerSession(request.headers);
    if (!session) return reply.code(403).type('text/plain').send(BAD_TOKEN);
    return reply.code(200).type(JSON_CONTENT_TYPE).send(userinfoBody(sim, session.org, session.user));
  };
  scope.get('/services/oauth2/userinfo', { config: { endpoint: 'oauth2.userinfo' } }, userinfo);
  scope.post('/services/oauth2/userinfo', { config: { endpoint: 'oauth2.userinfo' } }, userinfo);

  // The signing keys of id_tokens (Salesforce publishes them at /id/keys).
  scope.get('/id/keys', { config: { endpoint: 'identity.keys' } }, async (_request, reply) =>
    reply.code(200).type(JSON_CONTENT_TYPE).send(await sim.idTokens.jwks()),
  );

  scope.get<{ Params: { orgId: string; userId: string }; Querystring: { version?: string; oauth_token?: string } }>(
    '/id/:orgId/:userId',
    { config: { endpoint: 'identity' } },
    async (request, reply) => {
      const token = request.query.oauth_token;
      const session = sim.bearerSession(token !== undefined ? { authorization: `Bearer ${token}` } : request.headers);
      if (!session) return reply.code(403).type('text/plain').send(BAD_TOKEN);
      const { orgId, userId } = request.params;
      const user = sim.findUser(session.org.id, userId);
      if (orgId.slice(0, 15) !== session.org.id.slice(0, 15) || !user) return reply.code(403).type('text/plain').send('Bad_Id');
      return reply.code(200).type(JSON_CONTENT_TYPE).send(identityBody(sim, session.org, user, request.query.version));
    },
  );
}
