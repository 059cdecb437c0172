// RFC 7636 §4.1–4.2: a 43–128 char verifier from the unreserved set and its S256 challenge.
import { createHash, randomBytes } from 'node:crypto';

export function createCodeVerifier(): string {
  return randomBytes(48).toString('base64url'); // 64 chars
}

export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
