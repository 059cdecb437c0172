// How a Salesforce webhook proves it comes from the integration's owner. Outbound Messages cannot be signed
// (spec/salesforce.md §5.1: a plain SOAP POST), so their endpoint URL carries a token derived from the
// integration's webhook secret; JSON callouts (Apex, Flow) sign the exact body with the secret itself
// (HMAC-SHA256, lowercase hex), as docs/salesforce-webhooks.md shows. The URL token is derived rather than
// the secret itself so that a URL seen in a log or a Setup page cannot sign a callout.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { TerapiError } from '../../../errors/terapi-error.js';

export const SIGNATURE_HEADER = 'x-terapi-hmac-sha256';
export const URL_SECRET_PARAM = 'secret';

/** The token an Outbound Message URL carries in `?secret=`. */
export function outboundMessageUrlToken(secret: string): string {
  return createHmac('sha256', secret).update('terapi outbound message url').digest('hex');
}

/** Lowercase hex HMAC-SHA256 of the body: Apex `EncodingUtil.convertToHex(Crypto.generateMac('hmacSHA256', Blob.valueOf(body), Blob.valueOf(secret)))`. */
export function calloutSignature(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Constant-time equality of two strings of any length (both are hashed to equal lengths first). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export function checkUrlToken(query: Record<string, unknown>, secret: string): void {
  const given = query[URL_SECRET_PARAM];
  if (typeof given !== 'string' || !sameSecret(given, outboundMessageUrlToken(secret))) throw new TerapiError('salesforce_webhook_unauthorized.url_secret');
}

export function checkSignature(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, secret: string): void {
  const given = headers[SIGNATURE_HEADER];
  if (typeof given !== 'string' || !sameSecret(given.trim().toLowerCase(), calloutSignature(secret, rawBody))) {
    throw new TerapiError('salesforce_webhook_unauthorized.signature');
  }
}
