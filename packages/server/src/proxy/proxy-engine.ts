// One proxied call, from the caller's request to the upstream's response (nango-api.md §7; issue 5): find
// the connection (memory first), fresh credentials, the upstream URL, then attempts — retried per
// retry-policy.ts, one refresh + replay on an expired session — and the upstream response handed back
// unread, to be streamed. Request bodies up to REPLAYABLE_BODY_BYTES are held so a retry can resend
// them; larger or chunked bodies stream straight through and are therefore never retried.
import { Readable, pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { TerapiError } from '../errors/terapi-error.js';
import type { Connection, ConnectionStore } from '../connections/connection-store.js';
import type { IntegrationStore } from '../integrations/integration-store.js';
import type { CredentialLifecycle } from '../auth/credential-lifecycle.js';
import type { AuthStrategies } from '../auth/auth-strategy.js';
import type { OutboundHttp } from '../outbound/outbound-http.js';
import { abortSignalOf, type OutboundAbort } from '../outbound/call-abort.js';
import { UPSTREAM_ADDRESS_FORBIDDEN } from '../outbound/private-network-guard.js';
import type { ProviderCatalog, Provider } from '../providers/provider-catalog.js';
import { hooksOf, type ProviderHooks, type ProviderHooksRegistry } from '../providers/provider-hooks.js';
import { interpolate } from '../providers/template.js';
import { checkAutomatedConnectionConfig } from '../providers/allowed-hosts.js';
import { ConnectionCache } from './connection-cache.js';
import { downstreamResponseHeaders, type ProxyControls } from './proxy-headers.js';
import { basePathOf, checkedEndpoint, proxyBaseUrl, upstreamUrlOf } from './proxy-target.js';
import { ConnectionTargets, type BaseTarget } from './connection-targets.js';
import { backoffMs, retryAfterMs, retryReasonForError, retryReasonForStatus, RETRY_AFTER_CAP_MS, BACKOFF_BASE_MS, type RetryReason } from './retry-policy.js';

/** Bodies up to this size are held in memory so a retry or a session replay can resend them. */
export const REPLAYABLE_BODY_BYTES = 256 * 1024;
/** Error bodies up to this size are read to ask the provider's hooks (expired session, rate limit). */
const INSPECTED_BODY_BYTES = 64 * 1024;
/** Time to the upstream's response headers; Salesforce's own REST limit is 10 minutes (spec/salesforce.md §6). */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 120_000;
/** Longest pause between two body chunks, both ways. */
export const DEFAULT_BODY_IDLE_TIMEOUT_MS = 60_000;

export interface ProxyEngineDeps {
  connections: ConnectionStore;
  integrations: IntegrationStore;
  catalog: ProviderCatalog;
  hooks: ProviderHooksRegistry;
  strategies: AuthStrategies;
  credentials: CredentialLifecycle;
  http: OutboundHttp;
  logger: Logger;
  timeoutMs?: number;
  bodyIdleTimeoutMs?: number;
  backoffBaseMs?: number;
}

/** One call to a provider, typed: `/proxy` builds it from the HTTP request, functions from their arguments. */
export interface ProxyCall {
  environmentId: number;
  method: string;
  controls: ProxyControls;
  /** Path and query below the base URL, as sent; checked by proxy-target.ts before use. */
  endpoint: string;
  /** Headers for the upstream, already filtered by the rules of proxy-headers.ts. */
  headers: Record<string, string | string[]>;
  /** A stream (the HTTP caller's body, unread) or bytes (a function's body). */
  body: Readable | Buffer | null;
  /** The body's declared length (`content-length`) when it is a stream. */
  contentLength?: string | undefined;
  /** The body is sent chunked (no length known). */
  chunked?: boolean;
  /** Aborts the upstream exchange when the caller goes away. */
  signal: OutboundAbort;
}

/** What the engine learnt, for the operation log and metrics, filled in as it goes. */
export interface ProxyTrace {
  provider: string | undefined;
  providerConfigKey: string | undefined;
  connection: Connection | undefined;
  endpointPath: string | undefined;
  retries: number;
  retryReasons: Array<RetryReason | 'expired_session'>;
  upstreamStatus: number | undefined;
  apiUsage: { used: number; max: number } | undefined;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /** A stream, or the bytes already read to inspect an error answer. */
  body: Readable | Buffer;
}

const HAS_BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

type Sendable = { kind: 'none' } | { kind: 'buffer'; bytes: Buffer } | { kind: 'stream'; stream: Readable; length: string | undefined };

/** Most proxied calls (GETs) send nothing: one shared value rather than one per request. */
const NO_BODY: Sendable = Object.freeze({ kind: 'none' });

const FORCE_REFRESH = Object.freeze({ forceRefresh: true });

export class ProxyEngine {
  readonly cache = new ConnectionCache();
  readonly #targets = new ConnectionTargets();

  constructor(private readonly deps: ProxyEngineDeps) {}

  newTrace(): ProxyTrace {
    return { provider: undefined, providerConfigKey: undefined, connection: undefined, endpointPath: undefined, retries: 0, retryReasons: [], upstreamStatus: undefined, apiUsage: undefined };
  }

  async forward(call: ProxyCall, trace: ProxyTrace): Promise<ProxyResponse> {
    const controls = call.controls;
    trace.providerConfigKey = controls.providerConfigKey;
    const endpoint = checkedEndpoint(call.endpoint);
    const q = endpoint.indexOf('?');
    trace.endpointPath = q >= 0 ? endpoint.slice(0, q) : endpoint;
    // A cached connection with fresh credentials and a bodiless call (nearly every call) take no promise or
    // microtask on the way to the upstream; each step answers at once unless it has to wait.
    const found = this.#connection(call.environmentId, controls);
    let connection = found instanceof Promise ? await found : found;
    trace.connection = connection;
    const provider = this.deps.catalog.get(connection.provider);
    if (!provider) throw new TerapiError('unknown_provider_template');
    trace.provider = provider.name;
    const hooks = hooksOf(this.deps.hooks, provider);
    const fresh = this.#fresh(connection, controls, false);
    connection = fresh instanceof Promise ? await fresh : fresh;
    trace.connection = connection;
    const target = this.#target(connection, provider, controls.baseUrlOverride);
    const url = withQuery(upstreamUrlOf(target.origin, target.basePath, endpoint), target.templateQuery);
    const forwarded = call.headers;
    const sendable = this.#sendable(call);
    const body = sendable instanceof Promise ? await sendable : sendable;
    const replayable = body.kind !== 'stream';
    // A caller that sends its own Authorization (Nango-Proxy-Authorization) owns its session: no refresh.
    let sessionReplayed = hasHeader(forwarded, 'authorization');

    for (let attempt = 0; ; attempt++) {
      const headers = this.#upstreamHeaders(forwarded, provider, connection, controls.baseUrlOverride, body);
      let res: Dispatcher.ResponseData;
      try {
        res = await this.deps.http.stream(url, {
          method: call.method as Dispatcher.HttpMethod,
          headers,
          body: body.kind === 'buffer' ? body.bytes : body.kind === 'stream' ? body.stream : null,
          signal: call.signal,
          headersTimeout: this.deps.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
          bodyTimeout: this.deps.bodyIdleTimeoutMs ?? DEFAULT_BODY_IDLE_TIMEOUT_MS,
        });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === UPSTREAM_ADDRESS_FORBIDDEN) throw new TerapiError('upstream_address_forbidden.refused', { reason: (err as Error).message });
        if (code === 'UND_ERR_HEADERS_TIMEOUT') throw new TerapiError('proxy_timeout.after', { provider: provider.name, seconds: Math.round((this.deps.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS) / 1000) });
        if (call.signal.aborted) throw err;
        const reason = replayable ? retryReasonForError(err, call.method, controls.retryOn.size > 0) : undefined;
        if (reason && attempt < controls.retries) {
          await this.#pause(trace, reason, attempt, undefined, call.signal);
          continue;
        }
        throw new TerapiError('proxy_request_failed.reason', { provider: provider.name, reason: (err as Error).message }, { detail: { code } });
      }
      trace.upstreamStatus = res.statusCode;
      this.#noteApiUsage(hooks, res.headers, trace);

      let inspected: Buffer | undefined;
      let rest: Readable | undefined;
      const needsLook = (res.statusCode === 401 && !!hooks.isExpiredSession) || (res.statusCode >= 400 && !!hooks.isRateLimited && res.statusCode !== 429);
      if (needsLook && small(res.headers)) {
        const peeked = await peek(res.body, INSPECTED_BODY_BYTES);
        if ('bytes' in peeked) inspected = peeked.bytes;
        else rest = peeked.stream;
      }
      const text = inspected?.toString('utf8');

      if (res.statusCode === 401 && !sessionReplayed && replayable && text !== undefined && hooks.isExpiredSession?.(401, text)) {
        // spec/salesforce.md §6: refresh once and replay once; a second 401 goes back to the caller.
        sessionReplayed = true;
        connection = await this.#fresh(connection, controls, true);
        trace.connection = connection;
        trace.retryReasons.push('expired_session');
        attempt--; // the replay is not one of the caller's Retries
        continue;
      }
      const rateLimited = text !== undefined && !!hooks.isRateLimited?.(res.statusCode, text);
      const reason = replayable ? retryReasonForStatus(res.statusCode, call.method, controls.retryOn, rateLimited) : undefined;
      if (reason && attempt < controls.retries) {
        const after = retryAfterMs(res.headers['retry-after']);
        if (after === undefined || after <= RETRY_AFTER_CAP_MS) {
          if (rest) rest.destroy();
          else if (!inspected) await res.body.dump();
          await this.#pause(trace, reason, attempt, after, call.signal);
          continue;
        }
      }
      return this.#response(res, inspected ?? rest, controls);
    }
  }

  /** The cached connection at once, else a promise of the stored one. */
  #connection(environmentId: number, controls: ProxyControls): Connection | Promise<Connection> {
    const key = ConnectionCache.key(environmentId, controls.providerConfigKey, controls.connectionId);
    return this.cache.get(key) ?? this.#load(key, environmentId, controls);
  }

  async #load(key: string, environmentId: number, controls: ProxyControls): Promise<Connection> {
    const connection = await this.deps.connections.get(environmentId, controls.providerConfigKey, controls.connectionId);
    if (!connection) {
      const integration = await this.deps.integrations.get(environmentId, controls.providerConfigKey);
      if (!integration) throw new TerapiError('unknown_provider_config');
      throw new TerapiError('unknown_connection');
    }
    this.cache.set(key, connection);
    return connection;
  }

  /** The same lifecycle as GET /connections/:id (nango-api.md §7 "refresh credentials if needed"); at once when fresh. */
  #fresh(connection: Connection, controls: ProxyControls, forceRefresh: boolean): Connection | Promise<Connection> {
    const fresh = this.deps.credentials.fresh(connection, forceRefresh ? FORCE_REFRESH : undefined);
    if (!(fresh instanceof Promise)) return fresh;
    return fresh.then((refreshed) => {
      this.cache.set(ConnectionCache.key(connection.environmentId, controls.providerConfigKey, controls.connectionId), refreshed);
      return refreshed;
    });
  }

  /** The connection's base URL and catalog query, checked and interpolated once per connection object. */
  #target(c: Connection, provider: Provider, override: string): BaseTarget {
    return this.#targets.target(c, provider, override, () => {
      // The base URL comes from connection data that may predate the check at storage (issue 9 point 3).
      checkAutomatedConnectionConfig(provider, c.connectionConfig, 'stored');
      const base = proxyBaseUrl(provider, { connectionConfig: c.connectionConfig, credentials: c.credentials ?? {} }, override);
      return { origin: base.origin, basePath: basePathOf(base), templateQuery: this.#templateQuery(provider, c) };
    });
  }

  #templateQuery(provider: Provider, c: Connection): string | undefined {
    const query = provider.proxy?.query;
    if (!query) return undefined;
    const scope = { connectionConfig: c.connectionConfig, credentials: c.credentials ?? {} };
    const extra = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) extra.set(k, interpolate(v, scope));
    return extra.toString();
  }

  /** The catalog's headers and the connection's Authorization, then the caller's (which win), then the length. */
  #upstreamHeaders(forwarded: Record<string, string | string[]>, provider: Provider, c: Connection, override: string, body: Sendable): Record<string, string | string[]> {
    const own = this.#targets.headers(c, provider, override, () => {
      const headers: Record<string, string> = {};
      const scope = { connectionConfig: c.connectionConfig, credentials: c.credentials ?? {} };
      for (const [k, v] of Object.entries(provider.proxy?.headers ?? {})) headers[k] = interpolate(v, scope);
      const token = c.credentials ? this.deps.strategies.get(provider.auth_mode)?.accessToken(c.credentials) : undefined;
      if (token) headers.Authorization = `Bearer ${token}`;
      return headers;
    });
    const headers: Record<string, string | string[]> = {};
    // Forwarded Nango-Proxy-* headers win over the catalog's (nango-api.md §7: merged last).
    let taken: Set<string> | undefined;
    for (const k in forwarded) (taken ??= new Set()).add(k.toLowerCase());
    for (const k in own) if (!taken?.has(k.toLowerCase())) headers[k] = own[k]!;
    for (const k in forwarded) headers[k] = forwarded[k]!;
    if (body.kind === 'buffer') headers['content-length'] = String(body.bytes.length);
    else if (body.kind === 'stream' && body.length !== undefined) headers['content-length'] = body.length;
    return headers;
  }

  /** What the call sends; a promise only while a small body is read to be held for replays. */
  #sendable(call: ProxyCall): Sendable | Promise<Sendable> {
    if (Buffer.isBuffer(call.body)) return { kind: 'buffer', bytes: call.body };
    const length = call.contentLength;
    const chunked = call.chunked === true;
    if (!call.body || (!chunked && (length === undefined || length === '0'))) {
      return HAS_BODY_METHODS.has(call.method) && length === '0' ? { kind: 'buffer', bytes: Buffer.alloc(0) } : NO_BODY;
    }
    if (!chunked && length !== undefined && Number(length) <= REPLAYABLE_BODY_BYTES) return readAll(call.body).then((bytes): Sendable => ({ kind: 'buffer', bytes }));
    return { kind: 'stream', stream: call.body, length: chunked ? undefined : length };
  }

  #noteApiUsage(hooks: ProviderHooks, headers: Record<string, string | string[] | undefined>, trace: ProxyTrace): void {
    const reading = hooks.apiUsageFromHeaders?.(headers);
    if (reading) trace.apiUsage = reading;
  }

  async #pause(trace: ProxyTrace, reason: RetryReason, attempt: number, retryAfter: number | undefined, abort: OutboundAbort): Promise<void> {
    trace.retries++;
    trace.retryReasons.push(reason);
    await sleep(backoffMs(attempt, retryAfter, this.deps.backoffBaseMs ?? BACKOFF_BASE_MS), undefined, { signal: abortSignalOf(abort) });
  }

  #response(res: Dispatcher.ResponseData, readSoFar: Buffer | Readable | undefined, controls: ProxyControls): ProxyResponse {
    const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
    const decoder = controls.decompress && !Buffer.isBuffer(readSoFar) ? decoderFor(encoding) : undefined;
    const headers = downstreamResponseHeaders(res.headers, { decompressed: !!decoder });
    const body = readSoFar ?? res.body;
    if (Buffer.isBuffer(body) || !decoder) return { status: res.statusCode, headers, body };
    return { status: res.statusCode, headers, body: pipeline(body, decoder, () => {}) as unknown as Readable };
  }
}

/** Whether `name` (lowercase) is among the headers, in any case; no array of keys per request. */
function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  for (const k in headers) if (k.length === name.length && k.toLowerCase() === name) return true;
  return false;
}

function withQuery(url: string, query: string | undefined): string {
  return query !== undefined ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

function small(headers: Record<string, string | string[] | undefined>): boolean {
  const len = headers['content-length'];
  return typeof len !== 'string' || Number(len) <= INSPECTED_BODY_BYTES;
}

/** The whole body if it is at most `limit` bytes; otherwise a stream of everything (read part included). */
async function peek(body: Readable, limit: number): Promise<{ bytes: Buffer } | { stream: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const it = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  for (;;) {
    const next = await it.next();
    if (next.done) return { bytes: Buffer.concat(chunks) };
    chunks.push(next.value);
    size += next.value.length;
    if (size > limit) {
      const rest = async function* () {
        yield* chunks;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      };
      return { stream: Readable.from(rest(), { objectMode: false }) };
    }
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

function decoderFor(encoding: string): NodeJS.ReadWriteStream | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  return undefined;
}
