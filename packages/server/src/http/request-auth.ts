// The authentication schemes of nango-api.md §0.2. authenticate-before-body.ts runs the scheme a route
// declares (route-contract.ts) in onRequest, before any body is read (issue 9 point 5), and keeps the
// verdict on the request; handlers read it with authedEnvironment / authedSession / authedCaller and
// never authenticate by hand.
import type { FastifyRequest } from 'fastify';
import { TerapiError } from '../errors/terapi-error.js';
import type { Environment, EnvironmentStore } from '../environments/environment-store.js';
import type { ConnectSession, ConnectSessionStore } from '../connect-sessions/connect-session-store.js';
import { CONNECT_SESSION_TOKEN } from '../connect-sessions/connect-session-store.js';
import { authenticateSecretKey, bearerOf, CONNECT_SESSION_PREFIX } from './secret-key-auth.js';
import type { DashboardSessionStore } from '../dashboard/dashboard-session-store.js';
import { type AuthRequest, dashboardEnvironment, usesDashboardSession } from '../dashboard/dashboard-session-auth.js';

/** What the checks read: keys and sessions. */
export interface RequestAuthDeps {
  environments: EnvironmentStore;
  connectSessions: ConnectSessionStore;
  dashboardSessions: DashboardSessionStore;
}

export type Caller = { kind: 'secret'; environment: Environment } | { kind: 'session'; environment: Environment; session: ConnectSession };

declare module 'fastify' {
  interface FastifyRequest {
    /** The verdict of the route's declared scheme (null on public routes). */
    terapiCaller: Caller | null;
  }
}

/** A check's verdict: at once when nothing had to be looked up (a cached secret key), else a promise. */
export type Verdict<T> = T | Promise<T>;

export function requireSecret(req: AuthRequest, s: RequestAuthDeps): Verdict<Caller> {
  const environment = authenticateSecretKey(req, s.environments);
  return environment instanceof Promise ? environment.then(secretCaller) : secretCaller(environment);
}

const secretCaller = (environment: Environment): Caller => ({ kind: 'secret', environment });

/** What a secret key may do, a dashboard session may do in an environment it may see: the same Caller. */
export function orDashboardSession(check: (req: AuthRequest, s: RequestAuthDeps) => Verdict<Caller>) {
  return (req: AuthRequest, s: RequestAuthDeps): Verdict<Caller> => (usesDashboardSession(req) ? dashboardEnvironment(req, s).then(secretCaller) : check(req, s));
}

async function sessionOf(token: string, s: RequestAuthDeps): Promise<Caller & { kind: 'session' }> {
  if (!CONNECT_SESSION_TOKEN.test(token)) throw new TerapiError('invalid_connect_session_token_format', undefined, { payload: {} });
  const session = await s.connectSessions.findByToken(token);
  if (!session) throw new TerapiError('unknown_connect_session_token', undefined, { payload: {} });
  const environment = await s.environments.findById(session.environmentId);
  if (!environment) throw new TerapiError('unknown_connect_session_token', undefined, { payload: {} });
  return { kind: 'session', environment, session };
}

export function requireSession(req: AuthRequest, s: RequestAuthDeps): Promise<Caller> {
  return sessionOf(bearerOf(req), s);
}

/** SESSION|SECRET: a `nango_connect_session_` token is only a session; anything else is a secret key. */
export function requireSessionOrSecret(req: AuthRequest, s: RequestAuthDeps): Verdict<Caller> {
  const token = bearerOf(req);
  if (token.startsWith(CONNECT_SESSION_PREFIX)) return sessionOf(token, s);
  return requireSecret(req, s);
}

/** SESSION_Q: `connect_session_token` in the query (frontend auth endpoints). */
export async function requireQuerySession(query: Record<string, unknown>, s: RequestAuthDeps): Promise<Caller> {
  const token = query.connect_session_token;
  if (typeof token !== 'string' || token === '') {
    if (typeof query.public_key === 'string') throw new TerapiError('invalid_public_key.retired');
    throw new TerapiError('missing_public_key');
  }
  return sessionOf(token, s);
}

/** The authenticated caller of a route that declares a scheme. */
export function authedCaller(req: FastifyRequest): Caller {
  const caller = req.terapiCaller;
  if (!caller) throw new Error(`${req.method} ${req.routeOptions.url ?? req.url} declares no authentication`);
  return caller;
}

/** The environment of the caller (a secret key's, or a session's). */
export function authedEnvironment(req: FastifyRequest): Environment {
  return authedCaller(req).environment;
}

/** The connect session of a route that takes only sessions. */
export function authedSession(req: FastifyRequest): { environment: Environment; session: ConnectSession } {
  const caller = authedCaller(req);
  if (caller.kind !== 'session') throw new Error(`${req.method} ${req.routeOptions.url ?? req.url} declares no session authentication`);
  return caller;
}
