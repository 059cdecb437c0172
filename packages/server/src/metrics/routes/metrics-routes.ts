// spec/operations.md: `GET /metrics` in Prometheus text format, unauthenticated like /health (scrapers
// hold no secret key; the figures carry no credentials).
import type { FastifyInstance } from 'fastify';
import type { TerapiMetrics } from '../terapi-metrics.js';

export function registerMetricsRoutes(app: FastifyInstance, metrics: TerapiMetrics): void {
  app.get('/metrics', async (_req, reply) => {
    const text = await metrics.text();
    return reply.header('content-type', metrics.contentType).send(text);
  });
}
