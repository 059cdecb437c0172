// What route modules and workers receive from the composition root (server/start-terapi.ts).
import type { Logger } from 'pino';
import type { TerapiConfig } from '../config/config.js';
import type { Database } from '../database/database.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { ProviderCatalog } from '../providers/provider-catalog.js';
import type { ProviderHooksRegistry } from '../providers/provider-hooks.js';
import type { OutboundHttp } from '../outbound/outbound-http.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { IntegrationStore } from '../integrations/integration-store.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import type { ConnectSessionStore } from '../connect-sessions/connect-session-store.js';
import type { OAuthSessionStore } from '../oauth/oauth-session-store.js';
import type { AuthStrategies } from '../auth/auth-strategy.js';
import type { CredentialLifecycle } from '../auth/credential-lifecycle.js';
import type { AuthEvents } from '../webhooks/auth-events.js';
import type { FunctionStore } from '../functions/function-store.js';
import type { ActionRunStore } from '../actions/action-run-store.js';
import type { RecordStore } from '../records/record-store.js';
import type { SyncService } from '../syncs/sync-service.js';

export interface Services {
  config: TerapiConfig;
  logger: Logger;
  db: Database;
  box: SecretBox;
  catalog: ProviderCatalog;
  hooks: ProviderHooksRegistry;
  http: OutboundHttp;
  environments: EnvironmentStore;
  integrations: IntegrationStore;
  connections: ConnectionStore;
  connectSessions: ConnectSessionStore;
  oauthSessions: OAuthSessionStore;
  strategies: AuthStrategies;
  credentials: CredentialLifecycle;
  authEvents: AuthEvents;
  /** Pushes OAuth results to the frontend SDK's WebSocket (nango-api.md §3.4 step 7), across processes. */
  oauthPublisher?: { publish(wsClientId: string | null | undefined, message: Record<string, unknown>): void };
  /** The records cache (nango-api.md §8). */
  records: RecordStore;
  /** Sync rows, schedules and runs (nango-api.md §9). */
  syncs: SyncService;
  /** Deployed functions and their versions (issue 6). */
  functions: FunctionStore;
  /** Async action runs (nango-api.md §10 X-Async). */
  actionRuns: ActionRunStore;
}
