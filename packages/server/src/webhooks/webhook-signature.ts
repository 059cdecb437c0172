// nango-api.md §11 "Signatures": X-Nango-Hmac-Sha256 = hex HMAC-SHA256(key, body);
// X-Nango-Signature (legacy) = hex SHA-256(key ‖ body).
import { createHash, createHmac } from 'node:crypto';

export function signatureHeaders(signingKey: string, body: string): Record<string, string> {
  return {
    'X-Nango-Hmac-Sha256': createHmac('sha256', signingKey).update(body).digest('hex'),
    'X-Nango-Signature': createHash('sha256').update(`${signingKey}${body}`).digest('hex'),
  };
}
