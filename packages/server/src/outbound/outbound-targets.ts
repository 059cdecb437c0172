// Where an outbound request goes (outbound-http.ts): the origin dialled (TERAPI_UPSTREAM_MAP applied), the
// path and query of the request line, the Host header, and what the SSRF guard needs of the host. A proxied
// call parsed its URL twice (`new URL`, then again on a mapped origin) and undici read the URL object a third
// time (issue 15 point 1); a URL the WHATWG parser would leave as written is now split by hand, and only its
// scheme and authority are parsed, once per origin. Any other URL is parsed whole, as before; the test
// compares the two on many URLs.
import type { UpstreamMap } from './upstream-map.js';
import { isForbiddenAddress } from './private-network-guard.js';

/** What a URL's scheme and authority resolve to: the same for every URL that starts with them. */
export interface OriginTarget {
  /** The origin dialled: the URL's own, or the one TERAPI_UPSTREAM_MAP gives its host. */
  readonly dial: string;
  /** The Host header to send (the original host when mapped). */
  readonly host: string;
  readonly mapped: boolean;
  readonly hostname: string;
  /** The host is an IP literal that is not a public address (refused unless allowed or mapped). */
  readonly forbiddenLiteral: boolean;
}

export interface ResolvedTarget {
  origin: OriginTarget;
  /** Path and query, as undici sends them in the request line (`pathname + search`). */
  path: string;
}

/**
 * A URL that the parser would leave as written: http(s), a plain authority (no userinfo, no escape), a path
 * and query of characters it does not re-encode (`'` is, in a query; a space, `"`, `<`, `>`, `#`… anywhere).
 */
const PLAIN_URL = /^https?:\/\/[A-Za-z0-9.:[\]-]+\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*)?$/;
/** Paths the parser would rewrite: a dot segment (plain or escaped), or a leading `//` (a host, when re-based on a mapped origin). */
const REWRITTEN_PATH = /\/\.|%2e|^\/\//i;
/** Distinct origins remembered; far above the instances a deployment talks to, a bound all the same. */
export const ORIGIN_CACHE_MAX_ENTRIES = 1000;

export class OutboundTargets {
  /** Scheme and authority as written → where they go (the upstream map is fixed for this instance). */
  readonly #origins = new Map<string, OriginTarget>();

  constructor(private readonly upstreamMap: UpstreamMap) {}

  resolve(target: string | URL): ResolvedTarget {
    if (typeof target === 'string' && PLAIN_URL.test(target)) {
      const pathStart = target.indexOf('/', target.indexOf('//') + 2);
      const path = target.slice(pathStart);
      const q = path.indexOf('?');
      if (!REWRITTEN_PATH.test(q < 0 ? path : path.slice(0, q))) {
        const origin = this.#originOf(target.slice(0, pathStart));
        // A lone `?` is no query to the parser (its search is '').
        if (origin) return { origin, path: q === path.length - 1 ? path.slice(0, q) : path };
      }
    }
    return this.#parsed(target);
  }

  /** Entries in the origin cache (tests check it stays bounded). */
  get size(): number {
    return this.#origins.size;
  }

  #parsed(target: string | URL): ResolvedTarget {
    const url = new URL(target);
    const mappedOrigin = this.upstreamMap.originFor(url.hostname);
    const facts = { host: url.host, mapped: mappedOrigin !== undefined, hostname: url.hostname, forbiddenLiteral: isForbiddenAddress(url.hostname) };
    if (mappedOrigin === undefined) return { origin: { dial: url.origin, ...facts }, path: url.pathname + url.search };
    const mappedUrl = new URL(url.pathname + url.search, mappedOrigin);
    return { origin: { dial: mappedUrl.origin, ...facts }, path: mappedUrl.pathname + mappedUrl.search };
  }

  /** The scheme and authority `prefix` resolved (parsed once); undefined when the parser refuses it. */
  #originOf(prefix: string): OriginTarget | undefined {
    const hit = this.#origins.get(prefix);
    if (hit) return hit;
    let url: URL;
    try {
      url = new URL(prefix);
    } catch {
      return undefined;
    }
    const mapped = this.upstreamMap.originFor(url.hostname);
    const origin: OriginTarget = { dial: mapped ?? url.origin, host: url.host, mapped: mapped !== undefined, hostname: url.hostname, forbiddenLiteral: isForbiddenAddress(url.hostname) };
    if (this.#origins.size >= ORIGIN_CACHE_MAX_ENTRIES) this.#origins.delete(this.#origins.keys().next().value!);
    this.#origins.set(prefix, origin);
    return origin;
  }
}
