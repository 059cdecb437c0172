// Which headers cross the proxy, by named rule (nango-api.md §7; issue 5 point 1). The caller's request
// carries three kinds of headers: terapi's own controls (consumed here), the caller's credentials for
// terapi (never forwarded), and everything else (forwarded as if the caller had called the provider).
import { TerapiError, type ValidationIssue } from '../errors/terapi-error.js';

/** RFC 9110 §7.6.1: connection-specific fields a proxy must not forward (plus those the Connection header names). */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set(['connection', 'proxy-connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The caller's own credentials for terapi (nango-api.md §0.2): the provider gets the connection's token instead. */
export const CALLER_CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** nango-api.md §7: the headers the node client sends to steer the proxy; consumed, never forwarded. */
export const PROXY_CONTROL_HEADERS: ReadonlySet<string> = new Set([
  'connection-id',
  'provider-config-key',
  'retries',
  'retry-on',
  'decompress',
  'base-url-override',
  'nango-activity-log-id',
  'forward-headers-on-redirect',
  'nango-is-sync',
  'nango-is-dry-run',
]);

/** Set by terapi for the upstream (the provider's own Host, the body's real length), never copied from the caller. */
const RECOMPUTED_HEADERS: ReadonlySet<string> = new Set(['host', 'content-length', 'expect']);

/** nango-api.md §7: `Nango-Proxy-<Name>` is forwarded as `<Name>`, prefix matched in either case, name case kept. */
export const FORWARD_PREFIX = 'nango-proxy-';

/** nango-api.md §7 (newer behaviour): every upstream header except hop-by-hop and `access-control-*` reaches the caller. */
const RESPONSE_DROPPED_PREFIX = 'access-control-';

export interface ProxyControls {
  connectionId: string;
  providerConfigKey: string;
  retries: number;
  /** Status codes the caller declares safe to retry, for any method. */
  retryOn: ReadonlySet<number>;
  decompress: boolean;
  /** '' when unset (the node client always sends the header). */
  baseUrlOverride: string;
}

export const MAX_RETRIES = 10;

function single(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads and validates the control headers; errors list every bad header (invalid_headers, nango-api.md §7). */
export function proxyControlsOf(headers: Record<string, string | string[] | undefined>): ProxyControls {
  const errors: ValidationIssue[] = [];
  const connectionId = single(headers, 'connection-id')?.trim() ?? '';
  const providerConfigKey = single(headers, 'provider-config-key')?.trim() ?? '';
  if (!connectionId) errors.push({ code: 'invalid', path: ['connection-id'], message: 'Connection-Id is required' });
  if (!providerConfigKey) errors.push({ code: 'invalid', path: ['provider-config-key'], message: 'Provider-Config-Key is required' });
  const retriesRaw = single(headers, 'retries')?.trim();
  let retries = 0;
  if (retriesRaw) {
    if (!/^\d+$/.test(retriesRaw)) errors.push({ code: 'invalid', path: ['retries'], message: 'Retries must be a whole number' });
    else retries = Math.min(Number(retriesRaw), MAX_RETRIES);
  }
  const retryOnRaw = single(headers, 'retry-on')?.replace(/\s/g, '');
  let retryOn: ReadonlySet<number> = new Set();
  if (retryOnRaw) {
    if (!/^\d+(,\d+)*$/.test(retryOnRaw)) errors.push({ code: 'invalid', path: ['retry-on'], message: 'Retry-On must be comma-separated status codes' });
    else retryOn = new Set(retryOnRaw.split(',').map(Number));
  }
  const decompressRaw = single(headers, 'decompress')?.trim().toLowerCase();
  if (decompressRaw && decompressRaw !== 'true' && decompressRaw !== 'false') errors.push({ code: 'invalid', path: ['decompress'], message: 'Decompress must be true or false' });
  const baseUrlOverride = single(headers, 'base-url-override')?.trim() ?? '';
  if (errors.length) throw new TerapiError('invalid_headers', undefined, { errors });
  return { connectionId, providerConfigKey, retries, retryOn, decompress: decompressRaw === 'true', baseUrlOverride };
}

/** Names the Connection header lists are hop-by-hop too (RFC 9110 §7.6.1); undefined when it lists none beyond them. */
function connectionListed(value: string | undefined): ReadonlySet<string> | undefined {
  if (!value) return undefined;
  // Per request: the usual `keep-alive` or `close` names nothing that is not already dropped.
  if (!value.includes(',')) {
    const name = value.trim().toLowerCase();
    return name && !HOP_BY_HOP_HEADERS.has(name) ? new Set([name]) : undefined;
  }
  const out = new Set<string>();
  for (const name of value.split(',')) if (name.trim()) out.add(name.trim().toLowerCase());
  return out;
}

/**
 * The upstream request's headers from the caller's raw header list (name case as sent): forwarded
 * `Nango-Proxy-*` override plain headers of the same name; auth headers are added by the caller after.
 */
export function upstreamRequestHeaders(rawHeaders: readonly string[]): Record<string, string | string[]> {
  let connectionHeader: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 10 && name.toLowerCase() === 'connection') connectionHeader = rawHeaders[i + 1];
  }
  const listed = connectionListed(connectionHeader);
  // Per request: one entry per lowercased name, [the name as first sent, its value or values]; forwarded
  // (Nango-Proxy-*) headers are rare, so their map is made only when one comes.
  const plain = new Map<string, [string, string | string[]]>();
  let forwarded: Map<string, [string, string | string[]]> | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    if (lower.startsWith(FORWARD_PREFIX) && lower.length > FORWARD_PREFIX.length) {
      const target = name.slice(FORWARD_PREFIX.length);
      const key = target.toLowerCase();
      if (HOP_BY_HOP_HEADERS.has(key) || key === 'host' || key === 'content-length') continue;
      addValue((forwarded ??= new Map()), key, target, value);
      continue;
    }
    if (HOP_BY_HOP_HEADERS.has(lower) || listed?.has(lower) || CALLER_CREDENTIAL_HEADERS.has(lower) || PROXY_CONTROL_HEADERS.has(lower) || RECOMPUTED_HEADERS.has(lower)) continue;
    addValue(plain, lower, name, value);
  }
  const out: Record<string, string | string[]> = {};
  for (const [key, [name, value]] of plain) if (!forwarded?.has(key)) out[name] = value;
  if (forwarded) for (const [, [name, value]] of forwarded) out[name] = value;
  return out;
}

function addValue(into: Map<string, [string, string | string[]]>, key: string, name: string, value: string): void {
  const entry = into.get(key);
  if (!entry) into.set(key, [name, value]);
  else if (Array.isArray(entry[1])) entry[1].push(value);
  else entry[1] = [entry[1], value];
}

/** Headers an in-process caller (a function) asks for, by the rule of `Nango-Proxy-*`: never hop-by-hop, Host or a length. */
export function inProcessRequestHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(key) || key === 'host' || key === 'content-length') continue;
    out[name] = value;
  }
  return out;
}

/** The response headers the caller gets: the upstream's, minus hop-by-hop and CORS (terapi answers CORS itself). */
export function downstreamResponseHeaders(headers: Record<string, string | string[] | undefined>, opts: { decompressed: boolean }): Record<string, string | string[]> {
  const connection = headers.connection;
  const listed = connectionListed(Array.isArray(connection) ? connection.join(',') : connection);
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP_HEADERS.has(name) || listed?.has(name) || name.startsWith(RESPONSE_DROPPED_PREFIX)) continue;
    if (opts.decompressed && (name === 'content-encoding' || name === 'content-length')) continue;
    out[name] = value;
  }
  return out;
}
