// The last step of every auth flow (OAuth callback, client credentials, JWT, import): store the connection and
// enqueue what it causes — its auth webhook, its syncs and the first jobs of the autoStart ones, the job of its
// post-connection-creation functions — in one transaction: all of it commits, or none.
import type { ConnectSession } from '../connect-sessions/connect-session-store.js';
import type { Connection } from '../connections/connection-store.js';
import type { Integration } from '../integrations/integration-store.js';
import type { AuthEvents } from '../webhooks/auth-events.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import type { Database } from '../database/database.js';
import type { Logger } from 'pino';
import type { SyncService } from '../syncs/sync-service.js';
import { enqueueConnectionCreated, type ConnectionCreatedDeps } from '../functions/connection-events.js';
import type { IssuedCredentials } from './auth-strategy.js';
import type { OperationLog } from '../operations/operation-log.js';
import { recordConnect } from './connect-operation.js';

/** What saving an authorized connection reaches. */
export interface AuthorizedConnectionDeps extends ConnectionCreatedDeps {
  authEvents: AuthEvents;
  syncs: Pick<SyncService, 'onConnected'>;
  connections: ConnectionStore;
  db: Database;
  logger: Logger;
  operations: OperationLog;
}

export interface AuthorizedConnection {
  environmentId: number;
  integration: Integration;
  connectionId: string;
  issued: IssuedCredentials;
  /** User-given connection configuration (validated); token-derived entries win over it. */
  connectionConfig: Record<string, unknown>;
  session?: ConnectSession | null | undefined;
  /** When the flow began (the operation log's start); default now. */
  startedAt?: Date;
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
    await s.syncs.onConnected(saved.connection, client);
    await enqueueConnectionCreated(s, saved.connection, saved.operation, client);
    return saved;
  });
  recordConnect(s.operations, {
    environmentId: a.environmentId,
    providerConfigKey: a.integration.uniqueKey,
    connectionRowId: result.connection.id,
    connectionId: result.connection.connectionId,
    authMode: a.issued.credentials.type,
    startedAt: a.startedAt ?? new Date(),
    operation: result.operation,
  });
  return result;
}
