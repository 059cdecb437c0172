// Where a proxied request goes (nango-api.md §7; issue 5 points 2 and 5): the raw path and query after
// `/proxy`, below the catalog's `proxy.base_url` (or an allowed Base-Url-Override). The endpoint is
// refused rather than normalised when it could climb out of the base URL.
import { TerapiError } from '../errors/terapi-error.js';
import type { Provider } from '../providers/provider-catalog.js';
import { interpolateUrl, TemplateError, type TemplateScope } from '../providers/template.js';
import { hostMatches } from '../providers/allowed-hosts.js';

const PROXY_PREFIX = '/proxy';

/** RFC 3986 §3.1: a scheme followed by `:` at the start of a segment reads as an absolute URL to many parsers. */
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:/i;
/** Encoded `/` or `\` would split a segment upstream after decoding (RFC 3986 §2.2). */
const ENCODED_SEPARATOR = /%(2f|5c)/i;

function refuse(why: string): never {
  throw new TerapiError('invalid_proxy_path.why', { why });
}

/** The raw endpoint (path + query, exactly as sent) after `/proxy`; refuses traversal and host escapes. */
export function proxiedEndpoint(rawUrl: string): string {
  return checkedEndpoint(rawUrl.startsWith(PROXY_PREFIX) ? rawUrl.slice(PROXY_PREFIX.length) : rawUrl);
}

/** A path and query below the base URL (`/proxy`'s rest, or a function's endpoint); refuses traversal and host escapes. */
export function checkedEndpoint(rest: string): string {
  const q = rest.indexOf('?');
  const path = q >= 0 ? rest.slice(0, q) : rest;
  const query = q >= 0 ? rest.slice(q) : '';
  if (path === '' || path === '/') return `/${query}`;
  if (!path.startsWith('/')) refuse('must start with /');
  if (path.includes('\\')) refuse('contains a backslash');
  if (path.startsWith('//')) refuse('starts with // (a host)');
  if (ENCODED_SEPARATOR.test(path)) refuse('contains an encoded slash');
  const segments = path.slice(1).split('/');
  if (ABSOLUTE_URL.test(segments[0] ?? '')) refuse('is an absolute URL');
  for (const seg of segments) {
    let decoded = seg;
    // Per request: most segments hold no escape, and decoding one without `%` returns it unchanged.
    if (seg.includes('%')) {
      try {
        decoded = decodeURIComponent(seg);
      } catch {
        refuse('has a malformed percent-encoding');
      }
    }
    if (decoded === '.' || decoded === '..') refuse('contains a dot segment (. or ..)');
  }
  return path + query;
}

/** The upstream base URL: the catalog template, or a Base-Url-Override pointing at an allowed host. */
export function proxyBaseUrl(provider: Provider, scope: TemplateScope, override: string): URL {
  if (!provider.proxy) throw new TerapiError('proxy_not_supported.no_base_url', { provider: provider.name });
  let template: string;
  try {
    template = interpolateUrl(provider.proxy.base_url, scope);
  } catch (err) {
    if (err instanceof TemplateError) throw new TerapiError('proxy_not_supported.missing_config', { missing: err.missing });
    throw err;
  }
  const base = new URL(template);
  if (!override) return base;
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    throw new TerapiError('base_url_override_not_allowed.not_absolute');
  }
  const allowed = [base.hostname, ...(provider.proxy.allowed_hosts ?? [])];
  const sameScheme = url.protocol === 'https:' || (url.protocol === base.protocol && url.hostname === base.hostname);
  if (!sameScheme || url.username || url.password || !allowed.some((p) => hostMatches(url.hostname, p))) {
    throw new TerapiError('base_url_override_not_allowed.host', { origin: url.origin, provider: provider.name, allowed: allowed.join(', ') });
  }
  url.search = '';
  url.hash = '';
  return url;
}

/** base + endpoint, with the base's path not repeated when the endpoint already starts with it (nango-api.md §7). */
export function upstreamUrl(base: URL, endpoint: string): string {
  return upstreamUrlOf(base.origin, basePathOf(base), endpoint);
}

/** The base URL's path as upstreamUrlOf() takes it: no trailing slashes. */
export function basePathOf(base: URL): string {
  return base.pathname.replace(/\/+$/, '');
}

/** upstreamUrl() from the base's parts, computed once per connection (connection-targets.ts). */
export function upstreamUrlOf(origin: string, basePath: string, endpoint: string): string {
  const rest = basePath && (endpoint === basePath || endpoint.startsWith(`${basePath}/`) || endpoint.startsWith(`${basePath}?`)) ? endpoint.slice(basePath.length) : endpoint;
  return `${origin}${basePath}${rest}`;
}
