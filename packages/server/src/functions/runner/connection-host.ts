// The FunctionHost of one connection: proxy, connection, metadata and log implemented here; syncs passes
// records and checkpoint methods in `extra`. Everything a function can reach is scoped to THIS connection.
import type { Connection } from '../../connections/connection-store.js';
import { toApiConnection } from '../../connections/connection-presenter.js';
import type { Logger } from 'pino';
import type { Database } from '../../database/database.js';
import type { ConnectionStore } from '../../connections/connection-store.js';
import type { CredentialLifecycle } from '../../auth/credential-lifecycle.js';
import { HOST_CONTEXT, type FunctionHost, type HostWithContext } from './function-host.js';
import { proxyForConnection, type ConnectionProxyDeps } from './connection-proxy.js';
import type { ProxyCaller } from '../../proxy/proxy-service.js';

/** What a connection's host reaches: its row, its credentials, the proxy. */
export interface ConnectionHostDeps extends ConnectionProxyDeps {
  logger: Logger;
  db: Database;
  connections: ConnectionStore;
  credentials: CredentialLifecycle;
}

const notInActions = (what: string) => () => Promise.reject(new Error(`${what} is not available in actions`));

/** `caller` names the function and run in the records of its proxy calls. */
export function createConnectionHost(services: ConnectionHostDeps, connection: Connection, caller: ProxyCaller, extra: Partial<FunctionHost> = {}): FunctionHost {
  const log = services.logger.child({ connectionId: connection.connectionId, providerConfigKey: connection.providerConfigKey, component: 'function' });
  const reload = async () => (await services.connections.getById(connection.id)) ?? connection;
  const writeMetadata = (mode: 'set' | 'merge') => async (m: Record<string, unknown>) => {
    await services.db.transaction((client) => services.connections.writeMetadata([connection.id], m, mode, client));
  };
  const base: FunctionHost = {
    proxy: (req) => proxyForConnection(services, connection, req, caller),
    async getConnection() {
      const fresh = await services.credentials.fresh(await reload());
      return toApiConnection(fresh, { includeRefreshToken: false }) as unknown as Record<string, unknown>;
    },
    async getMetadata() {
      return (await reload()).metadata ?? null;
    },
    setMetadata: writeMetadata('set'),
    updateMetadata: writeMetadata('merge'),
    log(level, message, data) {
      log[level](data === undefined ? {} : { data }, message);
    },
    batchSave: notInActions('batchSave'),
    batchUpdate: notInActions('batchUpdate'),
    batchDelete: notInActions('batchDelete'),
    getCheckpoint: notInActions('getCheckpoint'),
    saveCheckpoint: notInActions('saveCheckpoint'),
    clearCheckpoint: notInActions('clearCheckpoint'),
    trackDeletesStart: notInActions('trackDeletesStart'),
    trackDeletesEnd: notInActions('trackDeletesEnd'),
    setRunNote: notInActions('setRunNote'),
    lastSyncDate: null,
  };
  const host: HostWithContext = { ...base, ...extra };
  Object.defineProperty(host, HOST_CONTEXT, { value: { connectionId: connection.connectionId, providerConfigKey: connection.providerConfigKey }, enumerable: false });
  return host;
}
