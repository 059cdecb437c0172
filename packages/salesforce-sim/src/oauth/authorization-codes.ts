import { randomBytes } from 'node:crypto';

export interface AuthorizationCode {
  value: string;
  clientId: string;
  orgId: string;
  userId: string;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
  /** OpenID Connect `nonce`, echoed in the id_token. */
  nonce?: string;
  /** The host kind the flow ran on, so the token response can name the Experience Cloud site. */
  siteHost?: string;
  expiresAt: number;
  used: boolean;
}

// spec/salesforce.md §1.3, §8.8: codes are single-use and short-lived; 2 minutes is the shortest figure reported.
export const AUTHORIZATION_CODE_LIFETIME_MS = 2 * 60 * 1000;

export class AuthorizationCodeStore {
  readonly #codes = new Map<string, AuthorizationCode>();

  issue(fields: Omit<AuthorizationCode, 'value' | 'used' | 'expiresAt'>, now: number): AuthorizationCode {
    // spec/salesforce.md §1.1: real codes are base64 and often end in `==`.
    const value = `aPrx${randomBytes(48).toString('base64')}`;
    const code: AuthorizationCode = { ...fields, value, used: false, expiresAt: now + AUTHORIZATION_CODE_LIFETIME_MS };
    this.#codes.set(value, code);
    return code;
  }

  get(value: string): AuthorizationCode | undefined {
    return this.#codes.get(value);
  }
}
