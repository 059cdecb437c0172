// spec/operations.md: `GET /metrics` in Prometheus text format, on the API port like /health. Anyone who can
// reach the port gets the aggregates (by provider, and the process's figures); the series that name a
// connection are shown only with `Authorization: Bearer $TERAPI_METRICS_KEY` (Prometheus
// `authorization: { credentials: … }`), and once that key is set every scrape must send it (issue 9 point 7).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TerapiError } from '../../errors/terapi-error.js';
import { declareRoute, PUBLIC } from '../../http/route-contract.js';
import type { TerapiMetrics } from '../terapi-metrics.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** true when the request holds the metrics key; false when no key is configured; throws when it is wrong or missing. */
function holdsMetricsKey(req: FastifyRequest, metricsKey: string | undefined): boolean {
  if (metricsKey === undefined) return false;
  const header = req.headers.authorization;
  if (header === undefined || header === '') throw new TerapiError('missing_auth_header');
  const sent = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : header.trim();
  if (!timingSafeEqual(digest(sent), digest(metricsKey))) throw new TerapiError('invalid_metrics_key');
  return true;
}

export function registerMetricsRoutes(app: FastifyInstance, metrics: TerapiMetrics, metricsKey: string | undefined): void {
  declareRoute(app, { method: 'GET', url: '/metrics', auth: PUBLIC, summary: 'Prometheus metrics (proxy requests, errors, retries, latency; per-connection API usage with Bearer TERAPI_METRICS_KEY)', tag: 'Server', produces: 'text/plain' }, async (req, reply) => {
    const text = await metrics.text({ connections: holdsMetricsKey(req, metricsKey) });
    return reply.header('content-type', metrics.contentType).send(text);
  });
}
