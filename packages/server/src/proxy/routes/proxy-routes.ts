// `ALL /proxy{/*}` (nango-api.md §7) and `GET /metrics`. The proxy lives in an encapsulated plugin without
// body parsers, so the request body stays an unread stream that the engine pipes upstream (issue 5
// point 4); the response is written straight to the socket after `reply.hijack()`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TerapiError } from '../../errors/terapi-error.js';
import { requireSecret } from '../../http/request-auth.js';
import { RAW_URL_ROUTE } from '../../http/unstorable-text.js';
import type { Services } from '../../server/services.js';
import { TerapiMetrics } from '../../metrics/terapi-metrics.js';
import { registerMetricsRoutes } from '../../metrics/routes/metrics-routes.js';
import { listConnectionApiUsage } from '../../metrics/connection-api-usage.js';
import { OperationLog } from '../../operations/operation-log.js';
import { ApiUsageRecorder } from '../api-usage-recorder.js';
import { ProxyEngine, type ProxyEngineDeps, type ProxyResponse, type ProxyTrace } from '../proxy-engine.js';

export interface ProxyRuntime {
  engine: ProxyEngine;
  metrics: TerapiMetrics;
  operations: OperationLog;
  apiUsage: ApiUsageRecorder;
  /** Writes queued operation rows and API usage now (tests; shutdown). */
  flush(): Promise<void>;
}

const runtimes = new WeakMap<Services, ProxyRuntime>();

/** The proxy runtime registered for these services (tests reach its writers through it). */
export function proxyRuntimeFor(s: Services): ProxyRuntime | undefined {
  return runtimes.get(s);
}

export interface ProxyRouteOptions {
  engine?: Partial<Pick<ProxyEngineDeps, 'timeoutMs' | 'bodyIdleTimeoutMs' | 'backoffBaseMs'>>;
}

export function registerProxyRoutes(app: FastifyInstance, s: Services, opts: ProxyRouteOptions = {}): ProxyRuntime {
  const metrics = new TerapiMetrics({ connectionApiUsage: () => listConnectionApiUsage(s.db) });
  const operations = new OperationLog({ db: s.db, logger: s.logger });
  const apiUsage = new ApiUsageRecorder({ db: s.db, logger: s.logger });
  const engine = new ProxyEngine({ ...s, ...opts.engine });
  const runtime: ProxyRuntime = {
    engine,
    metrics,
    operations,
    apiUsage,
    flush: async () => {
      await Promise.all([operations.flush(), apiUsage.flush()]);
    },
  };
  runtimes.set(s, runtime);
  // app.close() runs before the database closes (start-terapi.ts tears down in reverse), so nothing queued is lost.
  app.addHook('onClose', async () => {
    await Promise.all([operations.close(), apiUsage.close()]);
  });
  registerMetricsRoutes(app, metrics, s.config.metricsKey);

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The body is left unread: the engine streams (or, when small, buffers) it itself.
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const handler = (req: FastifyRequest, reply: FastifyReply) => proxyOnce(req, reply, s, runtime);
    scope.all('/proxy', RAW_URL_ROUTE, handler);
    scope.all('/proxy/*', RAW_URL_ROUTE, handler);
  });
  return runtime;
}

async function proxyOnce(req: FastifyRequest, reply: FastifyReply, s: Services, rt: ProxyRuntime): Promise<void> {
  const started = performance.now();
  const startedAt = new Date();
  const trace = rt.engine.newTrace();
  const abort = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) abort.abort();
  };
  reply.raw.once('close', onClose);
  let environmentId: number | undefined;
  let res: ProxyResponse;
  try {
    const env = await requireSecret(req, s);
    environmentId = env.id;
    res = await rt.engine.forward(
      { environmentId: env.id, method: req.method, rawUrl: req.raw.url ?? req.url, rawHeaders: req.raw.rawHeaders, headers: req.headers, body: req.raw, signal: abort.signal },
      trace,
    );
  } catch (err) {
    reply.raw.off('close', onClose);
    const code = err instanceof TerapiError ? err.code : 'server_error';
    const status = err instanceof TerapiError ? err.status : 500;
    finish(rt, trace, { method: req.method, environmentId, startedAt, started, status, errorCode: code });
    throw err;
  }
  rt.metrics.proxyDuration.observe({ provider: trace.provider ?? 'unknown' }, (performance.now() - started) / 1000);
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(res.status, { ...reply.getHeaders(), ...res.headers } as Record<string, string | string[]>);
  if (Buffer.isBuffer(res.body)) {
    raw.end(res.body);
    raw.off('close', onClose);
    finish(rt, trace, { method: req.method, environmentId, startedAt, started, status: res.status });
    return;
  }
  // .pipe rather than stream.pipeline: pipeline allocates an AbortController (and aborts it, building a
  // DOMException) per call, a measurable share of the proxy's CPU per request (bench/proxy.bench.ts).
  const body = res.body;
  let interrupted = false;
  body.once('error', () => {
    interrupted = true;
    raw.destroy();
  });
  raw.once('close', () => {
    raw.off('close', onClose);
    if (!raw.writableFinished) {
      interrupted = true;
      body.destroy();
    }
    finish(rt, trace, { method: req.method, environmentId, startedAt, started, status: res.status, ...(interrupted ? { errorCode: 'stream_interrupted' } : {}) });
  });
  body.pipe(raw);
}

interface Finished {
  method: string;
  environmentId: number | undefined;
  startedAt: Date;
  started: number;
  status: number;
  errorCode?: string;
}

/** Metrics now; the operation row and API usage queued for the batched writers. */
function finish(rt: ProxyRuntime, trace: ProxyTrace, f: Finished): void {
  const provider = trace.provider ?? 'unknown';
  rt.metrics.proxyRequests.inc({ provider, method: f.method, status: String(f.status) });
  const errorCode = f.errorCode ?? (f.status >= 400 ? `upstream_${f.status}` : undefined);
  if (errorCode) rt.metrics.proxyErrors.inc({ provider, code: errorCode });
  for (const reason of trace.retryReasons) rt.metrics.proxyRetries.inc({ provider, reason });
  const c = trace.connection;
  // The per-connection gauges are read from what this writes, at scrape time (metrics/connection-api-usage.ts).
  if (c && trace.apiUsage) rt.apiUsage.record(c.id, trace.apiUsage);
  if (f.environmentId === undefined) return;
  const durationMs = Math.round((performance.now() - f.started) * 100) / 100;
  rt.operations.record({
    environmentId: f.environmentId,
    kind: 'proxy',
    connectionId: c?.id ?? null,
    providerConfigKey: trace.providerConfigKey ?? null,
    status: errorCode ? 'failed' : 'success',
    message: `${f.method} ${trace.endpointPath ?? ''}`.trim(),
    detail: {
      method: f.method,
      path: trace.endpointPath ?? null,
      status: f.status,
      upstream_status: trace.upstreamStatus ?? null,
      duration_ms: durationMs,
      retries: trace.retries,
      retry_reasons: trace.retryReasons,
      connection_id: c?.connectionId ?? null,
      provider: trace.provider ?? null,
      ...(errorCode ? { error_code: errorCode } : {}),
    },
    startedAt: f.startedAt,
    endedAt: new Date(),
  });
}
