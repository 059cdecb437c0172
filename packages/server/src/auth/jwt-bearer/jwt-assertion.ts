// RFC 7523 §2.1 / §3 JWT bearer assertion, as Salesforce takes it (spec/salesforce.md §1.6): RS256 only,
// iss = consumer key, sub = username, aud = login host (or site URL), exp in seconds. A new assertion is
// signed for every token request, so a refresh never replays an old one.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { TerapiError } from '../../errors/terapi-error.js';

export interface AssertionClaims {
  issuer: string;
  subject: string;
  audience: string;
  expiresInSeconds: number;
}

// A PEM whose line breaks were lost (pasted into a one-line input such as the Connect UI's password field, which
// drops them) gets them back: OpenSSL needs the encapsulation boundaries on their own lines (RFC 7468 §2).
// Only a plain header, base64 and footer is rewrapped; anything else (an encrypted key's headers) is left as is.
function withLineBreaks(pem: string): string {
  const text = pem.trim();
  const begin = /^-----BEGIN ([A-Z ]{1,40})-----/.exec(text);
  const end = begin ? `-----END ${begin[1]}-----` : undefined;
  if (!begin || !end || !text.endsWith(end)) return pem;
  const body = text.slice(begin[0].length, text.length - end.length).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return pem;
  return `${begin[0]}\n${body.match(/.{1,64}/g)!.join('\n')}\n${end}\n`;
}

/** PEM (PKCS#8 or PKCS#1), tolerating keys pasted into JSON with literal "\n" or into a one-line field. */
export function privateKeyFrom(pem: string): KeyObject {
  const normalised = withLineBreaks(pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem);
  try {
    const key = createPrivateKey({ key: normalised.trim(), format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key`);
    return key;
  } catch (err) {
    throw new TerapiError('invalid_private_key', undefined, { detail: (err as Error).message });
  }
}

export async function signAssertion(privateKeyPem: string, claims: AssertionClaims, now = Date.now()): Promise<string> {
  const key = privateKeyFrom(privateKeyPem);
  const iat = Math.floor(now / 1000);
  // Loaded on first use: only JWT-bearer connections sign, and a server that has none need not carry it.
  const { SignJWT } = await import('jose/jwt/sign');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(claims.issuer)
    .setSubject(claims.subject)
    .setAudience(claims.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + claims.expiresInSeconds)
    .sign(key);
}
