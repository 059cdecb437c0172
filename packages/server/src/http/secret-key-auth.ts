// SECRET authentication (nango-api.md §0.2): the bearer value is everything after "Bearer "; without that
// text the whole header is the key. Keys are UUIDv4.
import type { FastifyRequest } from 'fastify';
import { TerapiError } from '../errors/terapi-error.js';
import type { Environment, EnvironmentStore } from '../environments/environment-store.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const CONNECT_SESSION_PREFIX = 'nango_connect_session_';

export function bearerOf(req: Pick<FastifyRequest, 'headers'>): string {
  const header = req.headers.authorization;
  if (header === undefined || header === '') throw new TerapiError('missing_auth_header', undefined, { payload: {} });
  const idx = header.indexOf('Bearer ');
  const value = (idx >= 0 ? header.slice(idx + 'Bearer '.length) : header).trim();
  if (!value) throw new TerapiError('malformed_auth_header', undefined, { payload: {} });
  return value;
}

/**
 * The environment of the request's secret key: at once when the key is in the cache (most requests: no promise,
 * no microtask), else once looked up. A malformed header throws here; an unknown key rejects.
 */
export function authenticateSecretKey(req: Pick<FastifyRequest, 'headers'>, environments: EnvironmentStore): Environment | Promise<Environment> {
  const key = bearerOf(req);
  if (!UUID_V4.test(key)) throw new TerapiError('invalid_secret_key_format', undefined, { payload: {} });
  return environments.cachedBySecretKey(key) ?? lookUpSecretKey(key, environments);
}

async function lookUpSecretKey(key: string, environments: EnvironmentStore): Promise<Environment> {
  const env = await environments.findBySecretKey(key);
  if (!env) throw new TerapiError('unknown_account', undefined, { payload: {} });
  return env;
}

export function isUuidV4(value: string): boolean {
  return UUID_V4.test(value);
}
