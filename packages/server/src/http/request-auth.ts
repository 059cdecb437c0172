// The authentication schemes of nango-api.md §0.2, as functions a route calls first. authenticate-before-body.ts
// calls the route's declared scheme in onRequest, before any body is read (issue 9 point 5); each verdict is
// kept on the request, so the route's own call answers from it without a second lookup.
import type { FastifyRequest } from 'fastify';
import { TerapiError } from '../errors/terapi-error.js';
import type { Environment } from '../environments/environment-store.js';
import type { ConnectSession, ConnectSessionStore } from '../connect-sessions/connect-session-store.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import { CONNECT_SESSION_TOKEN } from '../connect-sessions/connect-session-store.js';
import { authenticateSecretKey, bearerOf, CONNECT_SESSION_PREFIX } from './secret-key-auth.js';

/** What the checks read: keys and sessions. */
export interface RequestAuthDeps {
  environments: EnvironmentStore;
  connectSessions: ConnectSessionStore;
}

export type Caller = { kind: 'secret'; environment: Environment } | { kind: 'session'; environment: Environment; session: ConnectSession };

const verdicts = new WeakMap<FastifyRequest, Map<unknown, Promise<unknown>>>();

/** One verdict per request and scheme, however many times the scheme is asked. */
function once<T>(scheme: unknown, req: FastifyRequest, check: () => Promise<T>): Promise<T> {
  let byScheme = verdicts.get(req);
  if (!byScheme) verdicts.set(req, (byScheme = new Map()));
  let verdict = byScheme.get(scheme) as Promise<T> | undefined;
  if (!verdict) byScheme.set(scheme, (verdict = check()));
  return verdict;
}

export function requireSecret(req: FastifyRequest, s: RequestAuthDeps): Promise<Environment> {
  return once(requireSecret, req, () => authenticateSecretKey(req, s.environments));
}

async function sessionOf(token: string, s: RequestAuthDeps): Promise<{ environment: Environment; session: ConnectSession }> {
  if (!CONNECT_SESSION_TOKEN.test(token)) throw new TerapiError('invalid_connect_session_token_format', undefined, { payload: {} });
  const session = await s.connectSessions.findByToken(token);
  if (!session) throw new TerapiError('unknown_connect_session_token', undefined, { payload: {} });
  const environment = await s.environments.findById(session.environmentId);
  if (!environment) throw new TerapiError('unknown_connect_session_token', undefined, { payload: {} });
  return { environment, session };
}

export function requireSession(req: FastifyRequest, s: RequestAuthDeps): Promise<{ environment: Environment; session: ConnectSession }> {
  return once(requireSession, req, async () => sessionOf(bearerOf(req), s));
}

/** SESSION|SECRET: a `nango_connect_session_` token is only a session; anything else is tried as a session, then a secret key. */
export function requireSessionOrSecret(req: FastifyRequest, s: RequestAuthDeps): Promise<Caller> {
  return once(requireSessionOrSecret, req, async (): Promise<Caller> => {
    const token = bearerOf(req);
    if (token.startsWith(CONNECT_SESSION_PREFIX)) return { kind: 'session', ...(await sessionOf(token, s)) };
    return { kind: 'secret', environment: await authenticateSecretKey(req, s.environments) };
  });
}

/** SESSION_Q: `connect_session_token` in the query (frontend auth endpoints). */
export async function requireQuerySession(query: Record<string, unknown>, s: RequestAuthDeps): Promise<{ environment: Environment; session: ConnectSession }> {
  const token = query.connect_session_token;
  if (typeof token !== 'string' || token === '') {
    if (typeof query.public_key === 'string') throw new TerapiError('invalid_public_key', 'Public-key authentication is retired; create a connect session with POST /connect/sessions and pass connect_session_token.');
    throw new TerapiError('missing_public_key');
  }
  return sessionOf(token, s);
}
