// The last step of every auth flow (OAuth callback, client credentials, JWT, import): store the
// connection and enqueue its auth webhook in one transaction, then tell whoever listens (syncs' autoStart).
import type { ConnectSession } from '../connect-sessions/connect-session-store.js';
import type { Connection } from '../connections/connection-store.js';
import type { Integration } from '../integrations/integration-store.js';
import type { AuthEvents } from '../webhooks/auth-events.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import type { Database } from '../database/database.js';
import type { Logger } from 'pino';
import type { IssuedCredentials } from './auth-strategy.js';

/** What saving an authorized connection reaches. */
export interface AuthorizedConnectionDeps {
  /** Called after a connection is created or re-authorized (e.g. to start its autoStart syncs). */
  afterConnect: Array<(connection: Connection, operation: 'creation' | 'override') => Promise<void>>;
  authEvents: AuthEvents;
  connections: ConnectionStore;
  db: Database;
  logger: Logger;
}

export interface AuthorizedConnection {
  environmentId: number;
  integration: Integration;
  connectionId: string;
  issued: IssuedCredentials;
  /** User-given connection configuration (validated); token-derived entries win over it. */
  connectionConfig: Record<string, unknown>;
  session?: ConnectSession | null | undefined;
}

export async function saveAuthorizedConnection(s: AuthorizedConnectionDeps, a: AuthorizedConnection): Promise<{ connection: Connection; operation: 'creation' | 'override' }> {
  const result = await s.db.transaction(async (client) => {
    const saved = await s.connections.upsert(
      {
        environmentId: a.environmentId,
        integrationId: a.integration.id,
        connectionId: a.connectionId,
        credentials: a.issued.credentials,
        tokenExpiresAt: a.issued.tokenExpiresAt,
        connectionConfig: { ...a.connectionConfig, ...a.issued.connectionConfig },
        endUser: a.session?.endUser ?? undefined,
        tags: a.session && Object.keys(a.session.tags).length ? a.session.tags : undefined,
        webhookUrlOverride: a.session?.webhookUrlOverride ?? undefined,
      },
      client,
    );
    await s.authEvents.connected(saved.connection, saved.operation, client);
    return saved;
  });
  for (const listener of s.afterConnect) {
    await listener(result.connection, result.operation).catch((err: unknown) => s.logger.error({ err, connection: result.connection.id }, 'after-connect listener failed'));
  }
  return result;
}
