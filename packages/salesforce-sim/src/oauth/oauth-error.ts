import type { FastifyReply } from 'fastify';
import { JSON_CONTENT_TYPE } from './invalid-session.js';

// spec/salesforce.md §1.2: token-endpoint answers carry this exact Cache-Control.
export const TOKEN_RESPONSE_HEADERS = {
  'content-type': JSON_CONTENT_TYPE,
  'cache-control': 'no-cache,must-revalidate,max-age=0,no-store,private',
} as const;

/** One error of the token-endpoint catalogue (spec/salesforce.md §1.8). */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
  }
}

export function sendOAuthError(reply: FastifyReply, err: OAuthError): FastifyReply {
  return reply.code(err.status).headers(TOKEN_RESPONSE_HEADERS).send({ error: err.error, error_description: err.description });
}

export const invalidClientId = (): OAuthError => new OAuthError('invalid_client_id', 'client identifier invalid');
export const invalidClient = (): OAuthError => new OAuthError('invalid_client', 'invalid client credentials');
export const expiredToken = (): OAuthError => new OAuthError('invalid_grant', 'expired access/refresh token');
export const inactiveUser = (): OAuthError => new OAuthError('invalid_grant', 'inactive user');
export const unsupportedGrant = (): OAuthError => new OAuthError('unsupported_grant_type', 'grant type not supported');
