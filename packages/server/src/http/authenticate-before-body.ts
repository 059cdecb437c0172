// issue 9 point 5: a request is authenticated in onRequest, which Fastify runs before it reads a byte of
// the body (parsing comes after preParsing; preValidation and handlers after that), so an unauthenticated
// 150 MB upload is answered at once and never buffered. Each route's scheme is the one its declaration
// says (route-contract.ts), the same declaration /openapi.json publishes; this hook is the only place that
// authenticates, and the verdict is kept on the request for the handler (request-auth.ts).
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { contractOf, type AuthScheme } from './route-contract.js';
import { type Caller, orDashboardSession, type RequestAuthDeps, requireQuerySession, requireSecret, requireSession, requireSessionOrSecret, type Verdict } from './request-auth.js';
import { type AuthRequest, requireDashboardSession } from '../dashboard/dashboard-session-auth.js';

/** What a check reads of a request: Fastify's, or the front door's (front-door.ts), which has no query. */
type CheckedRequest = AuthRequest & { query?: unknown };

/** null: the dashboard's own routes, whose verdict is the session (req.terapiDashboardSession), not a Caller. */
type Check = (req: CheckedRequest, s: RequestAuthDeps) => Verdict<Caller | null>;

/** The check of a declared scheme (route-contract.ts); undefined for a public route. */
export function checkFor(schemes: readonly AuthScheme[]): Check | undefined {
  const has = (scheme: AuthScheme) => schemes.includes(scheme);
  if (has('secretKey') && has('connectSessionToken')) return orDashboardSession(requireSessionOrSecret);
  if (has('secretKey')) return orDashboardSession(requireSecret);
  if (has('dashboardSession')) return async (req, s) => (await requireDashboardSession(req, s), null);
  if (has('connectSessionToken')) return requireSession;
  if (has('connectSessionTokenQuery')) return (req, s) => requireQuerySession((req.query ?? {}) as Record<string, unknown>, s);
  return undefined;
}

/** Call before the routes are registered: each route registered afterwards authenticates in onRequest. */
export function authenticateBeforeBody(app: FastifyInstance, s: RequestAuthDeps): void {
  app.decorateRequest('terapiCaller', null);
  app.decorateRequest('terapiDashboardSession', null);
  app.addHook('onRoute', (route) => {
    const schemes = contractOf(route.config)?.auth;
    const check = schemes && checkFor(schemes);
    if (!check) return;
    // A callback hook, not an async one: a verdict known at once (a cached secret key) costs no promise or microtask.
    const authenticate: onRequestHookHandler = (req, _reply, done) => {
      let verdict: Verdict<Caller | null>;
      try {
        verdict = check(req, s);
      } catch (err) {
        done(err as Error);
        return;
      }
      if (verdict instanceof Promise) {
        verdict.then(
          (caller) => {
            req.terapiCaller = caller;
            done();
          },
          (err: unknown) => done(err as Error),
        );
        return;
      }
      req.terapiCaller = verdict;
      done();
    };
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [authenticate, ...existing];
  });
}
