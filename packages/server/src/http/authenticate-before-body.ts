// issue 9 point 5: a request is authenticated in onRequest, which Fastify runs before it reads a byte of
// the body (parsing comes after preParsing; preValidation and handlers after that), so an unauthenticated
// 150 MB upload is answered at once and never buffered. Each route's scheme is the one it declares in
// openapi/api-operations.ts, the same declaration /openapi.json publishes; the route's own require*() call
// then answers from the verdict kept on the request (request-auth.ts).
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { API_OPERATIONS, type AuthScheme } from '../openapi/api-operations.js';
import { type RequestAuthDeps, requireQuerySession, requireSecret, requireSession, requireSessionOrSecret } from './request-auth.js';

type Check = (req: FastifyRequest, s: RequestAuthDeps) => Promise<unknown>;

function checkFor(schemes: readonly AuthScheme[]): Check | undefined {
  const has = (scheme: AuthScheme) => schemes.includes(scheme);
  if (has('secretKey') && has('connectSessionToken')) return requireSessionOrSecret;
  if (has('secretKey')) return requireSecret;
  if (has('connectSessionToken')) return requireSession;
  if (has('connectSessionTokenQuery')) return (req, s) => requireQuerySession(req.query as Record<string, unknown>, s);
  return undefined;
}

/** The declared operation of a route as Fastify registers it (HEAD twins answer like their GET). */
function declaredSchemes(method: string | string[], url: string): readonly AuthScheme[] | undefined {
  const methods = Array.isArray(method) ? method : [method];
  if (methods.length > 1) return API_OPERATIONS[`ALL ${url}`]?.auth;
  const m = methods[0] === 'HEAD' ? 'GET' : methods[0];
  return API_OPERATIONS[`${m} ${url}`]?.auth;
}

/** Call before the routes are registered: each route registered afterwards authenticates in onRequest. */
export function authenticateBeforeBody(app: FastifyInstance, s: RequestAuthDeps): void {
  app.addHook('onRoute', (route) => {
    const schemes = declaredSchemes(route.method, route.url);
    const check = schemes && checkFor(schemes);
    if (!check) return;
    const authenticate: onRequestHookHandler = async (req) => {
      await check(req, s);
    };
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [authenticate, ...existing];
  });
}
