// What a proxied call takes from its connection and provider that is the same on every call with the same
// connection object (issue 15 point 1): the checked base URL, the catalog's query and headers interpolated,
// the Authorization value. Each was recomputed per request (template interpolation, URL parsing, the
// allowed-hosts check): a few percent of the proxy's CPU. A connection object is never changed in place —
// a refresh or a reload from the database makes a new one — so one entry per object (held weakly, gone
// with it) is exactly as fresh as the connection the call uses.
import type { Connection } from '../connections/connection-store.js';
import type { Provider } from '../providers/provider-catalog.js';

/** The base URL split as upstreamUrl() uses it. */
export interface BaseTarget {
  origin: string;
  /** The base URL's path without trailing slashes ('' for none). */
  basePath: string;
  /** The catalog's `proxy.query`, interpolated and encoded; undefined when the catalog has none. */
  templateQuery: string | undefined;
}

interface Entry {
  provider: Provider;
  override: string;
  target: BaseTarget;
  /** The catalog's `proxy.headers` interpolated, then Authorization; made on first use. */
  headers: Readonly<Record<string, string>> | undefined;
}

export class ConnectionTargets {
  readonly #entries = new WeakMap<Connection, Entry>();

  /** The memo of this connection object for this provider and Base-Url-Override, made by `make` when missing. */
  target(connection: Connection, provider: Provider, override: string, make: () => BaseTarget): BaseTarget {
    return this.#entry(connection, provider, override, make).target;
  }

  /** The headers every call on this connection sends (before the caller's), made by `make` on first use. */
  headers(connection: Connection, provider: Provider, override: string, make: () => Record<string, string>): Readonly<Record<string, string>> {
    const entry = this.#entries.get(connection);
    if (!entry || entry.provider !== provider || entry.override !== override) return make();
    return (entry.headers ??= make());
  }

  #entry(connection: Connection, provider: Provider, override: string, make: () => BaseTarget): Entry {
    const hit = this.#entries.get(connection);
    if (hit && hit.provider === provider && hit.override === override) return hit;
    // `make` throws for a connection the call may not use; nothing is remembered then.
    const entry: Entry = { provider, override, target: make(), headers: undefined };
    this.#entries.set(connection, entry);
    return entry;
  }
}
