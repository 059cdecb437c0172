// A dashboard session authenticates as the secret key of the environment it picks (issue 12 point 1): the
// same Caller, so every route authorizes a dashboard user exactly as it does the API. Three checks:
// 1. the cookie names a live session row (else dashboard_session_invalid: the SPA goes back to sign-in);
// 2. a request that may change state (not GET/HEAD/OPTIONS) carries the session's CSRF token in
//    x-csrf-token — a cookie alone never authorizes a change (OWASP CSRF cheat sheet, synchronizer token);
// 3. x-terapi-environment names an environment the session may see (a key's session: its own only).
import type { FastifyRequest } from 'fastify';
import { TerapiError } from '../errors/terapi-error.js';
import { constantTimeEqual } from '../crypto/secret-box.js';
import type { Environment, EnvironmentStore } from '../environments/environment-store.js';
import type { DashboardSession, DashboardSessionStore } from './dashboard-session-store.js';
import { dashboardCookieOf } from './dashboard-cookie.js';

export const CSRF_HEADER = 'x-csrf-token';
export const ENVIRONMENT_HEADER = 'x-terapi-environment';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The dashboard session that authenticated the request, if one did. */
    terapiDashboardSession: DashboardSession | null;
  }
}

/** What the checks read of a request, and where a dashboard session is kept: Fastify's request, or the front door's (http/front-door.ts). */
export type AuthRequest = Pick<FastifyRequest, 'method' | 'headers' | 'terapiDashboardSession'>;

export interface DashboardAuthDeps {
  environments: EnvironmentStore;
  dashboardSessions: DashboardSessionStore;
}

/** True when the request should be authenticated by its dashboard cookie (it has one and no Authorization header). */
export function usesDashboardSession(req: Pick<FastifyRequest, 'headers'>): boolean {
  return req.headers.authorization === undefined && dashboardCookieOf(req) !== undefined;
}

/** Checks 1 and 2; keeps the session on the request. */
export async function requireDashboardSession(req: AuthRequest, s: DashboardAuthDeps): Promise<DashboardSession> {
  const token = dashboardCookieOf(req);
  if (token === undefined) throw new TerapiError('dashboard_session_invalid.missing', undefined, { payload: {} });
  const session = await s.dashboardSessions.findSession(token);
  if (!session) throw new TerapiError('dashboard_session_invalid', undefined, { payload: {} });
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !constantTimeEqual(sent, session.csrfToken)) throw new TerapiError('dashboard_csrf_token_invalid', undefined, { payload: {} });
  }
  req.terapiDashboardSession = session;
  return session;
}

/** The environments a session may act in. */
export async function environmentsOf(session: DashboardSession, environments: EnvironmentStore): Promise<Environment[]> {
  if (session.environmentId === null) return environments.list();
  const env = await environments.findById(session.environmentId);
  return env ? [env] : [];
}

/** Checks 1-3: the environment the request acts in. */
export async function dashboardEnvironment(req: AuthRequest, s: DashboardAuthDeps): Promise<Environment> {
  const session = await requireDashboardSession(req, s);
  const name = req.headers[ENVIRONMENT_HEADER];
  if (typeof name !== 'string' || name === '') throw new TerapiError('dashboard_environment_missing', undefined, { payload: {} });
  const env = (await environmentsOf(session, s.environments)).find((e) => e.name === name);
  if (!env) throw new TerapiError('dashboard_environment_forbidden', { environment: name }, { payload: {} });
  return env;
}
