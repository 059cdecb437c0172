// The one proxy of a terapi process (issue 10 point 3), built once by the composition root: `/proxy` and
// functions both call providers through it, so every call lands in the operation log, the metrics and the
// API-usage figures the same way, naming the function and run that made it when there is one.
import type { Database } from '../database/database.js';
import { TerapiError } from '../errors/terapi-error.js';
import type { TerapiMetrics } from '../metrics/terapi-metrics.js';
import type { OperationLog } from '../operations/operation-log.js';
import { ApiUsageRecorder } from './api-usage-recorder.js';
import { ProxyEngine, type ProxyCall, type ProxyEngineDeps, type ProxyResponse, type ProxyTrace } from './proxy-engine.js';
import { inProcessRequestHeaders, MAX_RETRIES, type ProxyControls } from './proxy-headers.js';

/** Who made a call that did not come over HTTP. */
export interface ProxyCaller {
  functionName: string;
  /** The sync or action run, when the function runs in one. */
  runId: string | null;
}

/** A typed in-process call to a provider on one connection (what a function's `nango.proxy()` becomes). */
export interface ProviderCall {
  connection: { environmentId: number; connectionId: string; providerConfigKey: string };
  method: string;
  /** Path (and query) below the provider's base URL. */
  path: string;
  params?: Record<string, string | number>;
  headers?: Record<string, string>;
  body?: Buffer;
  retries?: number;
  retryOn?: number[];
  baseUrlOverride?: string;
  caller?: ProxyCaller;
  signal: AbortSignal;
}

export interface ProxyServiceDeps extends ProxyEngineDeps {
  db: Database;
  metrics: TerapiMetrics;
  /** The process's one operation log (the composition root owns it and closes it). */
  operations: OperationLog;
}

/** One call being watched, from its start to the end of its response (a class: one per proxied request, no closures). */
export class ProxyObservation {
  readonly trace: ProxyTrace;
  readonly #service: ProxyService;
  readonly #method: string;
  readonly #environmentId: number | undefined;
  readonly #caller: ProxyCaller | undefined;
  readonly #started = performance.now();
  readonly #startedAt = new Date();
  #finished = false;

  constructor(service: ProxyService, method: string, environmentId: number | undefined, caller: ProxyCaller | undefined) {
    this.#service = service;
    this.trace = service.engine.newTrace();
    this.#method = method;
    this.#environmentId = environmentId;
    this.#caller = caller;
  }

  /** Records the call once: metrics now; the operation row and API usage queued for the batched writers. */
  finish(status: number, errorCode?: string): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#service.record(this.trace, { method: this.#method, environmentId: this.#environmentId, caller: this.#caller, started: this.#started, startedAt: this.#startedAt, status, errorCode });
  }
}

/** What ProxyService.record() needs of a finished call. */
interface FinishedCall {
  method: string;
  environmentId: number | undefined;
  caller: ProxyCaller | undefined;
  started: number;
  startedAt: Date;
  status: number;
  errorCode: string | undefined;
}

export class ProxyService {
  readonly engine: ProxyEngine;
  readonly metrics: TerapiMetrics;
  readonly operations: OperationLog;
  readonly apiUsage: ApiUsageRecorder;

  constructor(deps: ProxyServiceDeps) {
    this.engine = new ProxyEngine(deps);
    this.metrics = deps.metrics;
    this.operations = deps.operations;
    this.apiUsage = new ApiUsageRecorder({ db: deps.db, logger: deps.logger });
  }

  /** Starts watching one call (the `/proxy` route streams the response itself and finishes when it ends). */
  observe(method: string, environmentId: number | undefined, caller?: ProxyCaller): ProxyObservation {
    return new ProxyObservation(this, method, environmentId, caller);
  }

  /** Time to the upstream's response headers. */
  observeDuration(obs: ProxyObservation, startedMs: number): void {
    this.metrics.proxyDuration.observe((performance.now() - startedMs) / 1000, obs.trace.provider ?? 'unknown');
  }

  /**
   * The typed in-process call: `read` consumes the response (a function buffers it under a cap); the call is
   * recorded when `read` settles, with its error code when it throws.
   */
  async call<T>(c: ProviderCall, read: (res: ProxyResponse) => Promise<T>): Promise<T> {
    const method = c.method.toUpperCase();
    const obs = this.observe(method, c.connection.environmentId, c.caller);
    const started = performance.now();
    let res: ProxyResponse;
    try {
      res = await this.engine.forward(this.#callOf(c, method), obs.trace);
    } catch (err) {
      obs.finish(err instanceof TerapiError ? err.status : 500, err instanceof TerapiError ? err.code : 'server_error');
      throw err;
    }
    this.observeDuration(obs, started);
    try {
      const value = await read(res);
      obs.finish(res.status);
      return value;
    } catch (err) {
      obs.finish(res.status, err instanceof TerapiError ? err.code : 'stream_interrupted');
      throw err;
    }
  }

  /** Writes queued operation rows and API usage now (tests; shutdown). */
  async flush(): Promise<void> {
    await Promise.all([this.operations.flush(), this.apiUsage.flush()]);
  }

  /** Called after the HTTP server closed and before the database does, so nothing queued is lost. */
  async close(): Promise<void> {
    await this.apiUsage.close();
  }

  #callOf(c: ProviderCall, method: string): ProxyCall {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(c.params ?? {})) params.set(k, String(v));
    const extra = params.toString();
    const path = c.path.startsWith('/') ? c.path : `/${c.path}`;
    const controls: ProxyControls = {
      connectionId: c.connection.connectionId,
      providerConfigKey: c.connection.providerConfigKey,
      retries: Math.min(Math.max(0, Math.floor(c.retries ?? 0)), MAX_RETRIES),
      retryOn: new Set((c.retryOn ?? []).map((code) => Math.floor(code))),
      decompress: false,
      baseUrlOverride: c.baseUrlOverride ?? '',
    };
    const body = c.body === undefined || method === 'GET' ? null : c.body;
    const headers = inProcessRequestHeaders(c.headers ?? {});
    if (body && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    return {
      environmentId: c.connection.environmentId,
      method,
      controls,
      endpoint: extra ? `${path}${path.includes('?') ? '&' : '?'}${extra}` : path,
      headers,
      body,
      signal: c.signal,
    };
  }

  /** Called once per call by ProxyObservation.finish(). */
  record(trace: ProxyTrace, f: FinishedCall): void {
    const provider = trace.provider ?? 'unknown';
    this.metrics.proxyRequests.inc(provider, f.method, String(f.status));
    const errorCode = f.errorCode ?? (f.status >= 400 ? `upstream_${f.status}` : undefined);
    if (errorCode) this.metrics.proxyErrors.inc(provider, errorCode);
    for (const reason of trace.retryReasons) this.metrics.proxyRetries.inc(provider, reason);
    const c = trace.connection;
    // The per-connection gauges are read from what this writes, at scrape time (metrics/connection-api-usage.ts).
    if (c && trace.apiUsage) this.apiUsage.record(c.id, trace.apiUsage);
    if (f.environmentId === undefined) return;
    const durationMs = Math.round((performance.now() - f.started) * 100) / 100;
    const detail: Record<string, unknown> = {
      method: f.method,
      path: trace.endpointPath ?? null,
      status: f.status,
      upstream_status: trace.upstreamStatus ?? null,
      duration_ms: durationMs,
      retries: trace.retries,
      retry_reasons: trace.retryReasons,
      connection_id: c?.connectionId ?? null,
      provider: trace.provider ?? null,
    };
    // Set only when there is one (no spread of an empty object per call).
    if (f.caller) {
      detail.function_name = f.caller.functionName;
      detail.run_id = f.caller.runId;
    }
    if (errorCode) detail.error_code = errorCode;
    this.operations.record({
      environmentId: f.environmentId,
      kind: 'proxy',
      connectionId: c?.id ?? null,
      providerConfigKey: trace.providerConfigKey ?? null,
      status: errorCode ? 'failed' : 'success',
      message: `${f.method} ${trace.endpointPath ?? ''}`.trim(),
      detail,
      startedAt: f.startedAt,
      endedAt: new Date(),
    });
  }
}

export type { ProxyResponse };
