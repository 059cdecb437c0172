// GET /connections/:connectionId/api-usage (issue 12 point 4): the org's API usage as the provider reports it
// on each response (Salesforce's Sforce-Limit-Info, spec/salesforce.md §3.12): the latest reading and one
// sample per hour over a time range (default the last 7 days), oldest first.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../database/database.js';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import type { ConnectionStore } from '../connection-store.js';

export interface ConnectionApiUsageRouteDeps {
  db: Database;
  connections: ConnectionStore;
}

const WEEK_MS = 7 * 86_400_000;
const params = z.object({ connectionId: z.string().min(1).max(255) });
const usageQuery = z
  .object({
    provider_config_key: z.string().min(1).max(255).describe("The integration's unique key."),
    from: z.iso.datetime({ offset: true }).optional().describe('Samples from this instant (default 7 days ago).'),
    to: z.iso.datetime({ offset: true }).optional().describe('Samples before this instant (default now).'),
  })
  .strict();

export function registerConnectionApiUsageRoutes(app: FastifyInstance, s: ConnectionApiUsageRouteDeps): void {
  declareRoute(
    app,
    { method: 'GET', url: '/connections/:connectionId/api-usage', auth: SECRET, summary: "The org's API usage: the latest reading and one sample per hour", tag: 'Connections', params, query: usageQuery },
    async (req, _reply, { params: { connectionId }, query: q }) => {
      const env = authedEnvironment(req);
      const connection = await s.connections.get(env.id, q.provider_config_key, connectionId);
      if (!connection) throw new TerapiError('not_found.connection');
      const to = q.to ? new Date(q.to) : new Date();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - WEEK_MS);
      const { rows } = await s.db.query<{ hour: Date; used: number; max: number }>(
        'select hour, used, max from connection_api_usage_samples where connection_id = $1 and hour >= $2 and hour < $3 order by hour',
        [connection.id, from, to],
      );
      return {
        connection_id: connection.connectionId,
        provider_config_key: connection.providerConfigKey,
        current: connection.apiUsage,
        history: rows.map((r) => ({ hour: r.hour.toISOString(), used: r.used, max: r.max })),
      };
    },
  );
}
