// The proxy's hot path must not query PostgreSQL when a token is fresh (issue 5 benchmark): connections are
// kept in memory for a short TTL. A refresh by this process replaces the entry at once; one by another
// process is seen within the TTL (the old token stays valid meanwhile, and a 401 forces the refresh path,
// which reads the row under the connection's lock).
import type { Connection } from '../connections/connection-store.js';

export const CONNECTION_CACHE_TTL_MS = 2000;
const MAX_ENTRIES = 10_000;

export class ConnectionCache {
  #entries = new Map<string, { connection: Connection; at: number }>();

  constructor(private readonly ttlMs = CONNECTION_CACHE_TTL_MS) {}

  static key(environmentId: number, providerConfigKey: string, connectionId: string): string {
    return `${environmentId}\u0000${providerConfigKey}\u0000${connectionId}`;
  }

  get(key: string, now = Date.now()): Connection | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (now - hit.at > this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return hit.connection;
  }

  set(key: string, connection: Connection, now = Date.now()): void {
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, { connection, at: now });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
