// Connect sessions (nango-api.md §2): a token `nango_connect_session_<64 hex>` stored hashed, 30 min TTL,
// reusable until it expires or is deleted.
import { randomBytes } from 'node:crypto';
import type { Database } from '../database/database.js';
import { sha256Hex } from '../crypto/secret-box.js';
import type { EndUser } from '../connections/connection-store.js';

export const CONNECT_SESSION_TTL_MS = 30 * 60 * 1000;
export const CONNECT_SESSION_TOKEN = /^nango_connect_session_[0-9a-f]{64}$/;

export interface IntegrationDefaults {
  user_scopes?: string | undefined;
  authorization_params?: Record<string, string> | undefined;
  connection_config?: Record<string, unknown> | undefined;
}

export interface ConnectSession {
  id: number;
  environmentId: number;
  endUser: EndUser | null;
  organization: { id: string; display_name?: string | undefined } | null;
  allowedIntegrations: string[] | null;
  integrationsConfigDefaults: Record<string, IntegrationDefaults> | null;
  overrides: Record<string, { docs_connect?: string }> | null;
  webhookUrlOverride: string | null;
  tags: Record<string, string>;
  reconnectConnectionId: number | null;
  expiresAt: Date;
}

interface Row {
  id: number;
  environment_id: number;
  end_user: EndUser | null;
  organization: ConnectSession['organization'];
  allowed_integrations: string[] | null;
  integrations_config_defaults: ConnectSession['integrationsConfigDefaults'];
  overrides: ConnectSession['overrides'];
  webhook_url_override: string | null;
  tags: Record<string, string>;
  reconnect_connection_id: number | null;
  expires_at: Date;
}

const toSession = (r: Row): ConnectSession => ({
  id: r.id,
  environmentId: r.environment_id,
  endUser: r.end_user,
  organization: r.organization,
  allowedIntegrations: r.allowed_integrations,
  integrationsConfigDefaults: r.integrations_config_defaults,
  overrides: r.overrides,
  webhookUrlOverride: r.webhook_url_override,
  tags: r.tags ?? {},
  reconnectConnectionId: r.reconnect_connection_id,
  expiresAt: r.expires_at,
});

export type NewConnectSession = Omit<ConnectSession, 'id' | 'expiresAt'>;

export class ConnectSessionStore {
  constructor(private readonly db: Database) {}

  async create(s: NewConnectSession): Promise<{ token: string; session: ConnectSession }> {
    const token = `nango_connect_session_${randomBytes(32).toString('hex')}`;
    const { rows } = await this.db.query<Row>(
      `insert into connect_sessions (environment_id, token_hash, end_user, organization, allowed_integrations, integrations_config_defaults, overrides, webhook_url_override, tags, reconnect_connection_id, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + ($11::int * interval '1 millisecond')) returning *`,
      [
        s.environmentId,
        sha256Hex(token),
        s.endUser ? JSON.stringify(s.endUser) : null,
        s.organization ? JSON.stringify(s.organization) : null,
        s.allowedIntegrations,
        s.integrationsConfigDefaults ? JSON.stringify(s.integrationsConfigDefaults) : null,
        s.overrides ? JSON.stringify(s.overrides) : null,
        s.webhookUrlOverride,
        JSON.stringify(s.tags),
        s.reconnectConnectionId,
        CONNECT_SESSION_TTL_MS,
      ],
    );
    return { token, session: toSession(rows[0]!) };
  }

  /** The live session of a token, or undefined (unknown, expired or deleted). */
  async findByToken(token: string): Promise<ConnectSession | undefined> {
    const { rows } = await this.db.query<Row>('select * from connect_sessions where token_hash = $1 and expires_at > now()', [sha256Hex(token)]);
    return rows[0] ? toSession(rows[0]) : undefined;
  }

  async getById(id: number): Promise<ConnectSession | undefined> {
    const { rows } = await this.db.query<Row>('select * from connect_sessions where id = $1', [id]);
    return rows[0] ? toSession(rows[0]) : undefined;
  }

  async delete(id: number): Promise<void> {
    await this.db.query('delete from connect_sessions where id = $1', [id]);
  }
}
