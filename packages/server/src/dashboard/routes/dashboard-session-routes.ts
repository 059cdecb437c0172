// Signing in to the dashboard (issue 12 point 1):
//   POST   /dashboard/api/sign-in   {token} (the one-time link, or TERAPI_DASHBOARD_TOKEN) → every environment,
//                                   or {secret_key} → that key's environment only. Sets the session cookie.
//   GET    /dashboard/api/session   the session: its environments and its CSRF token.
//   POST   /dashboard/api/sign-out  deletes the session row and clears the cookie.
//   GET    /dashboard/api/secret-key the chosen environment's secret key (Getting started reveals it on a click).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { constantTimeEqual, sha256Hex } from '../../crypto/secret-box.js';
import { DASHBOARD_SESSION, declareRoute, PUBLIC, SECRET } from '../../http/route-contract.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { isUuidV4 } from '../../http/secret-key-auth.js';
import type { EnvironmentStore } from '../../environments/environment-store.js';
import type { DashboardSession, DashboardSessionStore } from '../dashboard-session-store.js';
import { environmentsOf } from '../dashboard-session-auth.js';
import { clearSessionCookie, sessionSetCookie } from '../dashboard-cookie.js';

export interface DashboardSessionRouteDeps {
  environments: EnvironmentStore;
  dashboardSessions: DashboardSessionStore;
  config: { serverUrl: string; dashboardToken: string | undefined };
}

const signInBody = z.object({ token: z.string().min(1).max(512).optional(), secret_key: z.string().min(1).max(512).optional() }).strict();

function sessionOf(req: FastifyRequest): DashboardSession {
  const session = req.terapiDashboardSession;
  if (!session) throw new Error(`${req.method} ${req.url} declares no dashboard session`);
  return session;
}

async function describe(session: DashboardSession, s: DashboardSessionRouteDeps) {
  const envs = await environmentsOf(session, s.environments);
  return {
    environments: envs.map((e) => ({ name: e.name })),
    all_environments: session.environmentId === null,
    server_url: s.config.serverUrl,
    csrf_token: session.csrfToken,
    expires_at: session.expiresAt.toISOString(),
  };
}

export function registerDashboardSessionRoutes(app: FastifyInstance, s: DashboardSessionRouteDeps): void {
  declareRoute(app, { method: 'POST', url: '/dashboard/api/sign-in', auth: PUBLIC, summary: 'Sign in to the dashboard with a sign-in token or a secret key (sets the session cookie)', tag: 'Dashboard', body: signInBody }, async (_req, reply, { body }) => {
    let environmentId: number | null;
    if (body.token !== undefined) {
      const fixed = s.config.dashboardToken;
      const ok = (fixed !== undefined && constantTimeEqual(sha256Hex(body.token), sha256Hex(fixed))) || (await s.dashboardSessions.consumeSignInToken(body.token));
      if (!ok) throw new TerapiError('dashboard_sign_in_failed.token');
      environmentId = null;
    } else if (body.secret_key !== undefined) {
      const key = body.secret_key.trim();
      const env = isUuidV4(key) ? await s.environments.findBySecretKey(key) : undefined;
      if (!env) throw new TerapiError('dashboard_sign_in_failed.secret_key');
      environmentId = env.id;
    } else throw new TerapiError('dashboard_sign_in_failed.missing');
    const { token, session } = await s.dashboardSessions.createSession(environmentId);
    reply.header('set-cookie', sessionSetCookie(token, session.expiresAt, s.config.serverUrl)).header('cache-control', 'no-store');
    return describe(session, s);
  });

  declareRoute(app, { method: 'GET', url: '/dashboard/api/session', auth: DASHBOARD_SESSION, summary: "The dashboard session: its environments and CSRF token", tag: 'Dashboard' }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return describe(sessionOf(req), s);
  });

  declareRoute(app, { method: 'POST', url: '/dashboard/api/sign-out', auth: DASHBOARD_SESSION, summary: 'Sign out: deletes the dashboard session', tag: 'Dashboard', body: z.unknown() }, async (req, reply) => {
    await s.dashboardSessions.deleteSession(sessionOf(req).id);
    return reply.header('set-cookie', clearSessionCookie(s.config.serverUrl)).status(204).send();
  });

  declareRoute(app, { method: 'GET', url: '/dashboard/api/secret-key', auth: SECRET, summary: "The environment's secret key (the dashboard reveals it on request)", tag: 'Dashboard' }, async (req, reply) => {
    const env = authedEnvironment(req);
    reply.header('cache-control', 'no-store');
    return { environment: env.name, ...(await s.environments.secretKeys(env.id)) };
  });
}
