// OAuth sessions: the `state` of RFC 6749 §10.12 (a UUID), the PKCE verifier (RFC 7636, encrypted),
// and what the callback needs. Single use: consume() deletes the row in the same statement that reads it.
import { randomUUID } from 'node:crypto';
import type { Database } from '../database/database.js';
import type { SecretBox } from '../crypto/secret-box.js';

export const OAUTH_SESSION_TTL_MS = 15 * 60 * 1000;

export interface OAuthSession {
  state: string;
  environmentId: number;
  integrationId: number;
  connectionId: string;
  connectSessionId: number | null;
  codeVerifier: string | null;
  connectionConfig: Record<string, unknown>;
  redirectUri: string;
  tokenUrl: string;
  wsClientId: string | null;
  expiresAt: Date;
}

interface Row {
  state: string;
  environment_id: number;
  integration_id: number;
  connection_id: string;
  connect_session_id: number | null;
  code_verifier_enc: string | null;
  connection_config: Record<string, unknown>;
  redirect_uri: string;
  token_url: string;
  ws_client_id: string | null;
  expires_at: Date;
}

export class OAuthSessionStore {
  constructor(private readonly db: Database, private readonly box: SecretBox) {}

  async create(s: Omit<OAuthSession, 'state' | 'expiresAt'>, ttlMs = OAUTH_SESSION_TTL_MS): Promise<OAuthSession> {
    const state = randomUUID();
    const { rows } = await this.db.query<Row>(
      `insert into oauth_sessions (state, environment_id, integration_id, connection_id, connect_session_id, code_verifier_enc, connection_config, redirect_uri, token_url, ws_client_id, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + ($11::int * interval '1 millisecond')) returning expires_at`,
      [
        state,
        s.environmentId,
        s.integrationId,
        s.connectionId,
        s.connectSessionId,
        s.codeVerifier ? this.box.encrypt(s.codeVerifier) : null,
        JSON.stringify(s.connectionConfig),
        s.redirectUri,
        s.tokenUrl,
        s.wsClientId,
        ttlMs,
      ],
    );
    return { ...s, state, expiresAt: rows[0]!.expires_at };
  }

  /**
   * Takes the session for `state` and deletes it atomically: a second callback with the same state finds
   * nothing. Returns 'expired' for a session past its expiry (also deleted).
   */
  async consume(state: string): Promise<OAuthSession | 'expired' | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(state)) return undefined;
    const { rows } = await this.db.query<Row>('delete from oauth_sessions where state = $1 returning *', [state]);
    const r = rows[0];
    if (!r) return undefined;
    if (r.expires_at.getTime() <= Date.now()) return 'expired';
    return {
      state: r.state,
      environmentId: r.environment_id,
      integrationId: r.integration_id,
      connectionId: r.connection_id,
      connectSessionId: r.connect_session_id,
      codeVerifier: r.code_verifier_enc ? this.box.decrypt(r.code_verifier_enc) : null,
      connectionConfig: r.connection_config,
      redirectUri: r.redirect_uri,
      tokenUrl: r.token_url,
      wsClientId: r.ws_client_id,
      expiresAt: r.expires_at,
    };
  }
}
