// Every request terapi makes to the outside world goes through here (token, refresh, introspection,
// revocation, proxy, functions, webhooks): one undici Agent, a timeout on every request, and
// TERAPI_UPSTREAM_MAP applied — the request goes to the mapped origin with the original Host header
// (Node's fetch would drop a caller-set Host; undici.request keeps it).
// undici is imported on the first request, not at start: it is ~6 MB of an idle process's memory and ~40 ms of
// its start (issue 15 point 4), and a process that never calls out never pays for it.
// Public-only is the default (issue 9 point 3): most URLs are built from connection data or token responses,
// so a request may reach loopback, private or link-local addresses only when its call site says the URL is
// operator-configured and why (`privateNetworkAllowed`); nothing can forget to ask for the guard.
import type { Agent, Dispatcher } from 'undici';
import type { UpstreamMap } from './upstream-map.js';
import type { OutboundAbort } from './call-abort.js';
import { ForbiddenAddressError, guardedLookup } from './private-network-guard.js';
import { OutboundTargets, type OriginTarget } from './outbound-targets.js';

export interface OutboundRequest {
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string | string[] | undefined>;
  body?: Dispatcher.DispatchOptions['body'];
  /** Whole-request budget; default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Why this URL may reach loopback/private/link-local addresses: only for URLs the operator or the app's
   * owner configured (a webhook to the app's own server). Absent, such destinations are refused unless
   * TERAPI_UPSTREAM_MAP maps the host (private-network-guard.ts).
   */
  privateNetworkAllowed?: OperatorConfigured;
}

/** A URL set by the operator or the app's owner, not derived from connection or token data; `reason` says which. */
export interface OperatorConfigured {
  reason: string;
}

/** A streaming exchange (the proxy): the body is undici's Readable, headers lowercased. */
export interface OutboundStreamRequest {
  method: Dispatcher.HttpMethod;
  headers: Record<string, string | string[]>;
  body: Dispatcher.DispatchOptions['body'];
  signal: OutboundAbort;
  /** As OutboundRequest.privateNetworkAllowed. */
  privateNetworkAllowed?: OperatorConfigured;
  /** Time to the response headers (undici UND_ERR_HEADERS_TIMEOUT). */
  headersTimeout: number;
  /** Longest silence while the response body streams (undici UND_ERR_BODY_TIMEOUT). */
  bodyTimeout: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
  body: Dispatcher.ResponseData['body'];
}

interface Dispatchers {
  /** Any address (operator-configured URLs, TERAPI_UPSTREAM_MAP targets). */
  any: Agent;
  /** Same pool settings, but its sockets only dial public addresses (private-network-guard.ts). */
  publicOnly: Agent;
}

export class OutboundHttp {
  #dispatchers: Dispatchers | undefined;
  #loading: Promise<Dispatchers> | undefined;
  readonly #targets: OutboundTargets;

  constructor(readonly upstreamMap: UpstreamMap, private readonly opts: { connectTimeoutMs?: number } = {}) {
    this.#targets = new OutboundTargets(upstreamMap);
  }

  #load(): Promise<Dispatchers> {
    // undici is CommonJS: its exports object is the default export, under Node as in the bundle (where esbuild
    // gives a dynamically imported CommonJS module no named exports).
    this.#loading ??= import('undici').then(({ default: { Agent } }) => {
      const settings = {
        keepAliveTimeout: 10_000,
        headersTimeout: 0, // the per-request AbortSignal bounds the whole exchange
        bodyTimeout: 0,
        connections: 256,
      };
      const timeout = this.opts.connectTimeoutMs ?? 10_000;
      this.#dispatchers = {
        any: new Agent({ connect: { timeout }, ...settings }),
        publicOnly: new Agent({ connect: { timeout, lookup: guardedLookup }, ...settings }),
      };
      return this.#dispatchers;
    });
    return this.#loading;
  }

  /**
   * The dispatcher for a resolved target; throws ForbiddenAddressError for a private IP literal unless allowed.
   * Synchronous once undici is loaded (every request after the first), so the proxy's path pays no extra await.
   */
  #dispatcherFor(origin: OriginTarget, privateNetworkAllowed: OperatorConfigured | undefined): Agent | Promise<Agent> {
    const publicOnly = !(privateNetworkAllowed || origin.mapped);
    // net.connect skips `lookup` for IP literals, so they are judged here.
    if (publicOnly && origin.forbiddenLiteral) throw new ForbiddenAddressError(origin.hostname, origin.hostname);
    const pick = (d: Dispatchers) => (publicOnly ? d.publicOnly : d.any);
    return this.#dispatchers ? pick(this.#dispatchers) : this.#load().then(pick);
  }

  /**
   * A streaming request: nothing is read or buffered here; the caller consumes or dumps the body. Not an async
   * function: undici's own promise is returned as it is, without a second promise to settle after it (the
   * proxy's path, issue 15). Every failure, a refused address included, is a rejection.
   */
  stream(target: string | URL, req: OutboundStreamRequest): Promise<Dispatcher.ResponseData> {
    try {
      const { origin, path } = this.#targets.resolve(target);
      const found = this.#dispatcherFor(origin, req.privateNetworkAllowed);
      return found instanceof Promise ? found.then((d) => this.#streamOn(d, origin, path, req)) : this.#streamOn(found, origin, path, req);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  #streamOn(dispatcher: Agent, origin: OriginTarget, path: string, req: OutboundStreamRequest): Promise<Dispatcher.ResponseData> {
    req.headers.host = origin.host;
    // The Agent itself with origin and path, as undici.request(url) would call it after reading the URL.
    return dispatcher.request({
      origin: origin.dial,
      path,
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      headersTimeout: req.headersTimeout,
      bodyTimeout: req.bodyTimeout,
    });
  }

  async request(target: string | URL, req: OutboundRequest = {}): Promise<OutboundResponse> {
    const { origin, path } = this.#targets.resolve(target);
    const found = this.#dispatcherFor(origin, req.privateNetworkAllowed);
    const dispatcher = found instanceof Promise ? await found : found;
    const timeout = AbortSignal.timeout(req.timeoutMs ?? 30_000);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
    headers.host = origin.host;
    const res = await dispatcher.request({
      origin: origin.dial,
      path,
      method: req.method ?? 'GET',
      headers,
      body: req.body ?? null,
      signal,
    });
    return {
      status: res.statusCode,
      headers: res.headers,
      body: res.body,
      text: () => res.body.text(),
      json: <T>() => res.body.json() as Promise<T>,
    };
  }

  /** POST application/x-www-form-urlencoded (RFC 6749 §4.1.3 token requests and friends); reads the whole body. */
  async postForm(
    target: string,
    params: Record<string, string | undefined>,
    opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<{ status: number; body: unknown; text: string; headers: Record<string, string | string[] | undefined> }> {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) form.set(k, v);
    const res = await this.request(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...opts.headers },
      body: form.toString(),
      timeoutMs: opts.timeoutMs ?? 15_000,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON; keep the text */
    }
    return { status: res.status, body, text, headers: res.headers };
  }

  async close(): Promise<void> {
    const dispatchers = await this.#loading;
    if (dispatchers) await Promise.all([dispatchers.any.close(), dispatchers.publicOnly.close()]);
  }
}
