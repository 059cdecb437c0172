import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

const KID = '246';

interface KeyPair {
  privateKey: CryptoKey;
  jwk: JWK;
}

export interface IdTokenClaims {
  /** The login host URL the flow ran on, e.g. `https://login.salesforce.com`. */
  issuer: string;
  /** The identity URL. */
  subject: string;
  clientId: string;
  accessToken: string;
  nowMs: number;
  nonce?: string;
}

/**
 * spec/salesforce.md §1.3: an `id_token` when `openid` is granted. Signed RS256 with a key made on first use and
 * published at `/id/keys`, as Salesforce publishes its own.
 */
export class IdTokenSigner {
  #keys: Promise<KeyPair> | undefined;

  #keyPair(): Promise<KeyPair> {
    this.#keys ??= generateKeyPair('RS256', { extractable: true }).then(async ({ privateKey, publicKey }) => ({
      privateKey,
      jwk: { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' },
    }));
    return this.#keys;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.#keyPair()).jwk] };
  }

  async sign(claims: IdTokenClaims): Promise<string> {
    const { privateKey } = await this.#keyPair();
    // OpenID Connect Core §3.1.3.6: at_hash is the left half of the access token's SHA-256, base64url.
    const digest = createHash('sha256').update(claims.accessToken).digest();
    const iat = Math.floor(claims.nowMs / 1000);
    return new SignJWT({ at_hash: digest.subarray(0, 16).toString('base64url'), ...(claims.nonce !== undefined ? { nonce: claims.nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuer(claims.issuer)
      .setSubject(claims.subject)
      .setAudience(claims.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(privateKey);
  }
}
