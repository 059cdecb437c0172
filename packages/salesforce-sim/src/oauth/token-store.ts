import { randomBytes } from 'node:crypto';
import { toId15 } from '../ids/salesforce-id.js';

export type TokenKind = 'access' | 'refresh';

export interface IssuedToken {
  value: string;
  kind: TokenKind;
  orgId: string;
  userId: string;
  clientId: string;
  scope: string;
  /** ms since epoch (sim clock). */
  issuedAt: number;
  /** Access tokens only: the session's end (ms). Refresh tokens live until revoked. */
  expiresAt?: number;
  revoked: boolean;
  /** spec/salesforce.md §1.4: every refresh token of one authorization, and their access tokens, share a family. */
  family: string;
  /** The refresh token an access token was issued with, if any. */
  refreshToken?: string;
  /** A refresh token replaced by rotation (§1.4); using it again revokes the family. */
  rotatedOut?: boolean;
}

export interface TokenSelector {
  token?: string;
  userId?: string;
  orgId?: string;
  all?: boolean;
}

function opaque(bytes: number): string {
  // Real tokens use base64 with `.` in place of `/` and `+` (spec/salesforce.md §0 examples).
  return randomBytes(bytes).toString('base64').replace(/[+/=]/g, '.');
}

export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();

  issueAccess(fields: Omit<IssuedToken, 'value' | 'kind' | 'revoked'>): IssuedToken {
    // spec/salesforce.md §0: `<15-char org id>!<opaque>`.
    const value = `${toId15(fields.orgId)}!AQ${opaque(72)}`;
    const token: IssuedToken = { ...fields, value, kind: 'access', revoked: false };
    this.#tokens.set(value, token);
    return token;
  }

  issueRefresh(fields: Omit<IssuedToken, 'value' | 'kind' | 'revoked' | 'expiresAt'>): IssuedToken {
    const value = `5Aep861${opaque(60)}`;
    const token: IssuedToken = { ...fields, value, kind: 'refresh', revoked: false };
    this.#tokens.set(value, token);
    return token;
  }

  get(value: string): IssuedToken | undefined {
    return this.#tokens.get(value);
  }

  isLive(token: IssuedToken, now: number): boolean {
    if (token.revoked || token.rotatedOut) return false;
    return token.expiresAt === undefined || token.expiresAt > now;
  }

  /** spec/salesforce.md §2.2: revoking a refresh token also revokes the access tokens issued with it. */
  /** Returns how many tokens this newly revoked. */
  revoke(token: IssuedToken): number {
    let n = 0;
    const kill = (t: IssuedToken) => {
      if (!t.revoked) n++;
      t.revoked = true;
    };
    kill(token);
    if (token.kind === 'refresh') {
      for (const t of this.#tokens.values()) if (t.refreshToken === token.value) kill(t);
    }
    return n;
  }

  revokeFamily(family: string): void {
    for (const t of this.#tokens.values()) if (t.family === family) t.revoked = true;
  }

  select(selector: TokenSelector): IssuedToken[] {
    const out: IssuedToken[] = [];
    for (const t of this.#tokens.values()) {
      if (
        selector.all === true ||
        (selector.token !== undefined && t.value === selector.token) ||
        (selector.userId !== undefined && t.userId === selector.userId) ||
        (selector.orgId !== undefined && t.orgId === selector.orgId)
      ) {
        out.push(t);
      }
    }
    return out;
  }

  /** Ends the sessions of the selected access tokens; refresh tokens stay usable, as after a real session timeout. */
  expire(selector: TokenSelector, now: number): number {
    let n = 0;
    for (const t of this.select(selector)) {
      if (t.kind === 'access' && (t.expiresAt === undefined || t.expiresAt > now)) {
        t.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  revokeSelected(selector: TokenSelector): number {
    let n = 0;
    for (const t of this.select(selector)) n += this.revoke(t);
    return n;
  }
}
