// Dashboard sign-in tokens and sessions (migrations/0006_dashboard_sessions.sql). Tokens are 32 random
// bytes (base64url); only their SHA-256 is stored. A one-time token is consumed by the `update … where
// used_at is null` that finds it, so two sign-ins racing with one URL cannot both succeed.
import { randomBytes } from 'node:crypto';
import type { Database } from '../database/database.js';
import { sha256Hex } from '../crypto/secret-box.js';

/** How long the URL `terapi start` prints signs in (then: restart, or TERAPI_DASHBOARD_TOKEN). */
export const SIGN_IN_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a dashboard session lasts from sign-in. */
export const DASHBOARD_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface DashboardSession {
  id: string;
  csrfToken: string;
  /** null: an operator session (every environment); else the one environment its secret key opens. */
  environmentId: number | null;
  expiresAt: Date;
}

interface SessionRow {
  id: string;
  csrf_token: string;
  environment_id: number | null;
  expires_at: Date;
}

const toSession = (r: SessionRow): DashboardSession => ({ id: r.id, csrfToken: r.csrf_token, environmentId: r.environment_id, expiresAt: r.expires_at });

export function newDashboardToken(): string {
  return randomBytes(32).toString('base64url');
}

export class DashboardSessionStore {
  constructor(private readonly db: Database) {}

  /** A one-time sign-in token (the URL `terapi start` prints). */
  async createSignInToken(ttlMs = SIGN_IN_TOKEN_TTL_MS): Promise<string> {
    const token = newDashboardToken();
    await this.db.query(`insert into dashboard_sign_in_tokens (token_hash, expires_at) values ($1, now() + make_interval(secs => $2))`, [sha256Hex(token), ttlMs / 1000]);
    return token;
  }

  /** Marks the token used; false when it is unknown, used or expired. */
  async consumeSignInToken(token: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `update dashboard_sign_in_tokens set used_at = now() where token_hash = $1 and used_at is null and expires_at > now()`,
      [sha256Hex(token)],
    );
    return rowCount === 1;
  }

  /** A new session; returns the cookie's token and the row. Expired rows are swept on the way. */
  async createSession(environmentId: number | null, ttlMs = DASHBOARD_SESSION_TTL_MS): Promise<{ token: string; session: DashboardSession }> {
    const token = newDashboardToken();
    await this.db.query('delete from dashboard_sessions where expires_at < now()');
    await this.db.query('delete from dashboard_sign_in_tokens where expires_at < now()');
    const { rows } = await this.db.query<SessionRow>(
      `insert into dashboard_sessions (token_hash, csrf_token, environment_id, expires_at)
       values ($1, $2, $3, now() + make_interval(secs => $4)) returning id, csrf_token, environment_id, expires_at`,
      [sha256Hex(token), newDashboardToken(), environmentId, ttlMs / 1000],
    );
    return { token, session: toSession(rows[0]!) };
  }

  /** The live session of a cookie token, or undefined (unknown, signed out or expired). */
  async findSession(token: string): Promise<DashboardSession | undefined> {
    const { rows } = await this.db.query<SessionRow>(
      'select id, csrf_token, environment_id, expires_at from dashboard_sessions where token_hash = $1 and expires_at > now()',
      [sha256Hex(token)],
    );
    return rows[0] ? toSession(rows[0]) : undefined;
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.query('delete from dashboard_sessions where id = $1', [id]);
  }
}
