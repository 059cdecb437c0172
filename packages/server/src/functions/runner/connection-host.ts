// The FunctionHost of one connection: proxy, connection, metadata and log implemented here; syncs passes
// records and checkpoint methods in `extra`. Everything a function can reach is scoped to THIS connection.
import type { Connection } from '../../connections/connection-store.js';
import { toApiConnection } from '../../connections/connection-presenter.js';
import type { Services } from '../../server/services.js';
import { HOST_CONTEXT, type FunctionHost, type HostWithContext } from './function-host.js';
import { proxyForConnection } from './connection-proxy.js';

const notInActions = (what: string) => () => Promise.reject(new Error(`${what} is not available in actions`));

export function createConnectionHost(services: Services, connection: Connection, extra: Partial<FunctionHost> = {}): FunctionHost {
  const log = services.logger.child({ connectionId: connection.connectionId, providerConfigKey: connection.providerConfigKey, component: 'function' });
  const reload = async () => (await services.connections.getById(connection.id)) ?? connection;
  const writeMetadata = (mode: 'set' | 'merge') => async (m: Record<string, unknown>) => {
    await services.db.transaction((client) => services.connections.writeMetadata([connection.id], m, mode, client));
  };
  const base: FunctionHost = {
    proxy: (req) => proxyForConnection(services, connection, req),
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
    lastSyncDate: null,
  };
  const host: HostWithContext = { ...base, ...extra };
  Object.defineProperty(host, HOST_CONTEXT, { value: { connectionId: connection.connectionId, providerConfigKey: connection.providerConfigKey }, enumerable: false });
  return host;
}
