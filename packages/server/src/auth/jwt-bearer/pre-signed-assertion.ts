// A JWT bearer assertion the user signed beforehand (Nango's `jwt` credential, RFC 7523 §2.1): sent as is,
// because terapi holds no key to sign another. It works until its `exp` (RFC 7519 §4.1.4); after that the
// token endpoint refuses it (invalid_grant) and only the user can help, so the refusal says exactly that.
import { decodeJwt } from 'jose/jwt/decode';
import { TerapiError } from '../../errors/terapi-error.js';
import { oauthErrorOf } from '../oauth2/token-endpoint.js';

/** When the assertion stops working, if it says (exp in seconds); undefined for an undecodable one. */
export function assertionExpiry(jwt: string): Date | undefined {
  try {
    const { exp } = decodeJwt(jwt);
    return typeof exp === 'number' ? new Date(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The token endpoint's refusal of a pre-signed assertion, explained. invalid_grant that the provider module
 * did not explain otherwise (an unapproved user, a foreign key have their own codes) means the assertion is
 * no longer accepted: past its exp — Salesforce says "expired authorization code" — which only a new JWT or
 * key material can mend. The provider's invalid_grant stays in the payload, so the credential lifecycle
 * marks the connection needs_reauth and tells the app (auth webhook), with this message as its error.
 */
export function explainPreSignedRefusal(err: unknown, jwt: string, now = Date.now()): unknown {
  if (!(err instanceof TerapiError) || oauthErrorOf(err) !== 'invalid_grant') return err;
  const expiry = assertionExpiry(jwt);
  const expiredHere = expiry !== undefined && expiry.getTime() <= now;
  if (err.code !== 'token_err' && !expiredHere) return err;
  const said = (err.payload as { error_description?: unknown } | undefined)?.error_description;
  const provider_said = typeof said === 'string' && said ? ` (the provider said: ${said})` : '';
  const opts = { payload: err.payload, detail: err.detail, cause: err };
  if (!expiry) return new TerapiError('presigned_jwt_expired.refused', { provider_said }, opts);
  return new TerapiError(expiredHere ? 'presigned_jwt_expired.expired_at' : 'presigned_jwt_expired.refused_before_exp', { exp: expiry.toISOString(), provider_said }, opts);
}
