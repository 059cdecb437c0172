// terapi's Prometheus metrics (spec/operations.md `GET /metrics`; issue 5 points 6 and 7). One registry per
// process, created by the composition root's route registration, so two terapis in one test process
// never share counters. Series that name a connection live in a registry of their own, filled from the
// database at each scrape and shown only to holders of TERAPI_METRICS_KEY (issue 9 points 6 and 7).
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { TalliedCounter, TalliedHistogram } from './tallied-metrics.js';
import type { ConnectionApiUsage } from './connection-api-usage.js';

/** How often the event-loop delay histogram samples (prom-client's eventLoopMonitoringPrecision). */
const EVENT_LOOP_SAMPLE_MS = 100;

export class TerapiMetrics {
  /** Aggregates by provider and process figures: no connection id, shown to every scraper. */
  readonly registry = new Registry();
  /** Per-connection series. */
  readonly connectionRegistry = new Registry();

  // The proxy's series are tallied (tallied-metrics.ts): they are counted on every proxied call.
  /** inc(provider, method, status) */
  readonly proxyRequests = new TalliedCounter({
    name: 'terapi_proxy_requests_total',
    help: 'Proxied requests answered, by provider, method and the status returned to the caller.',
    labelNames: ['provider', 'method', 'status'] as const,
    registers: [this.registry],
  });

  /** inc(provider, code) */
  readonly proxyErrors = new TalliedCounter({
    name: 'terapi_proxy_errors_total',
    help: 'Proxied requests that failed: upstream non-2xx answers (code "upstream_<status>") and terapi errors (their error code).',
    labelNames: ['provider', 'code'] as const,
    registers: [this.registry],
  });

  /** inc(provider, reason) */
  readonly proxyRetries = new TalliedCounter({
    name: 'terapi_proxy_retries_total',
    help: 'Upstream requests sent again, by reason (rate_limited, unavailable, connection_reset, not_sent, retry_on, expired_session).',
    labelNames: ['provider', 'reason'] as const,
    registers: [this.registry],
  });

  /** observe(seconds, provider) */
  readonly proxyDuration = new TalliedHistogram({
    name: 'terapi_proxy_request_duration_seconds',
    help: 'Time from the proxied request to the upstream response headers, retries included.',
    labelNames: ['provider'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly apiUsageUsed = new Gauge({
    name: 'terapi_connection_api_usage_used',
    help: "API requests the provider counts against the connection's allocation window (Salesforce: Sforce-Limit-Info api-usage).",
    labelNames: ['provider_config_key', 'connection_id'] as const,
    registers: [this.connectionRegistry],
  });

  readonly apiUsageMax = new Gauge({
    name: 'terapi_connection_api_usage_max',
    help: "The connection's API allocation for the window.",
    labelNames: ['provider_config_key', 'connection_id'] as const,
    registers: [this.connectionRegistry],
  });

  readonly apiUsageRatio = new Gauge({
    name: 'terapi_connection_api_usage_ratio',
    help: 'used / max: alert when an org nears its daily API limit.',
    labelNames: ['provider_config_key', 'connection_id'] as const,
    registers: [this.connectionRegistry],
  });

  constructor(private readonly opts: { processMetrics?: boolean; connectionApiUsage?: () => Promise<ConnectionApiUsage[]> } = {}) {
    // The event-loop delay is sampled every 100 ms rather than prom-client's default 10 ms: the same
    // percentiles (fewer samples per scrape), without waking the process 100 times a second — that timer
    // alone was ~6 of the 12–15 ms of CPU per second an idle `all` process spent (issue 15 point 1).
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'terapi_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  /** The exposition text; with `connections`, the per-connection series too, as the database has them now. */
  async text(opts: { connections?: boolean } = {}): Promise<string> {
    if (!opts.connections) return this.registry.metrics();
    await this.#loadConnectionSeries();
    return `${await this.registry.metrics()}\n${await this.connectionRegistry.metrics()}`;
  }

  async #loadConnectionSeries(): Promise<void> {
    const rows = (await this.opts.connectionApiUsage?.()) ?? [];
    for (const g of [this.apiUsageUsed, this.apiUsageMax, this.apiUsageRatio]) g.reset();
    for (const r of rows) {
      const labels = { provider_config_key: r.providerConfigKey, connection_id: r.connectionId };
      this.apiUsageUsed.set(labels, r.used);
      this.apiUsageMax.set(labels, r.max);
      this.apiUsageRatio.set(labels, r.max > 0 ? r.used / r.max : 0);
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
