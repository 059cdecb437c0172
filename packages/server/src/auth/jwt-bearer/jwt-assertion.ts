// RFC 7523 §2.1 / §3 JWT bearer assertion, as Salesforce takes it (spec/salesforce.md §1.6): RS256 only,
// iss = consumer key, sub = username, aud = login host (or site URL), exp in seconds. A new assertion is
// signed for every token request, so a refresh never replays an old one.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { TerapiError } from '../../errors/terapi-error.js';

export interface AssertionClaims {
  issuer: string;
  subject: string;
  audience: string;
  expiresInSeconds: number;
}

/** PEM (PKCS#8 or PKCS#1), tolerating keys pasted into JSON with literal "\n". */
export function privateKeyFrom(pem: string): KeyObject {
  const normalised = pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
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
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(claims.issuer)
    .setSubject(claims.subject)
    .setAudience(claims.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + claims.expiresInSeconds)
    .sign(key);
}
