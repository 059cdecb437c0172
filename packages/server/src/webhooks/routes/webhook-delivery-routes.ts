// The app's webhook deliveries (issue 12 point 6): GET /webhooks/deliveries (keyset pages newest first,
// filtered by status or connection), GET /webhooks/deliveries/:id (every attempt and the app's answers) and
// POST /webhooks/deliveries/:id/redeliver (the same payload again, as a job: webhook-outbox.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../database/database.js';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import { decodeIdCursor } from '../../database/keyset-cursor.js';
import type { WebhookOutbox } from '../webhook-outbox.js';
import { DELIVERY_STATUSES, WebhookDeliveryQuery } from '../webhook-delivery-query.js';

export interface WebhookDeliveryRouteDeps {
  db: Database;
  outbox: Pick<WebhookOutbox, 'redeliver'>;
}

const MAX_PAGE = 100;
const listQuery = z
  .object({
    status: z.enum(DELIVERY_STATUSES).optional().describe('pending (being retried), delivered or failed (gave up).'),
    connection: z.string().min(1).max(255).optional().describe('Only deliveries about this connection (connection_id).'),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional().describe(`Rows per page, at most ${MAX_PAGE} (default 50).`),
    cursor: z.string().min(1).max(200).optional().describe('next_cursor of the previous page.'),
  })
  .strict();
const noQuery = z.object({}).strict();
const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a delivery id') });

export function registerWebhookDeliveryRoutes(app: FastifyInstance, s: WebhookDeliveryRouteDeps): void {
  const query = new WebhookDeliveryQuery(s.db);

  declareRoute(app, { method: 'GET', url: '/webhooks/deliveries', auth: SECRET, summary: 'Webhook deliveries to the app, newest first', tag: 'Webhooks', query: listQuery }, async (req, _reply, { query: q }) => {
    const env = authedEnvironment(req);
    return query.page(env.id, { status: q.status, connectionId: q.connection }, q.limit ?? 50, q.cursor ? decodeIdCursor(q.cursor) : undefined);
  });

  declareRoute(app, { method: 'GET', url: '/webhooks/deliveries/:id', auth: SECRET, summary: "One delivery: its payload, every attempt and the app's answers", tag: 'Webhooks', params: idParams, query: noQuery }, async (req, _reply, { params: { id } }) => {
    const env = authedEnvironment(req);
    const delivery = await query.get(env.id, id);
    if (!delivery) throw new TerapiError('not_found.webhook_delivery', { id });
    return delivery;
  });

  declareRoute(app, { method: 'POST', url: '/webhooks/deliveries/:id/redeliver', auth: SECRET, summary: 'Send a delivery again (a new attempt of the same payload, as a job)', tag: 'Webhooks', params: idParams, query: noQuery, body: z.object({}).strict().optional() }, async (req, reply, { params: { id } }) => {
    const env = authedEnvironment(req);
    if (!(await s.outbox.redeliver(env.id, Number(id)))) throw new TerapiError('not_found.webhook_delivery', { id });
    return reply.status(202).send({ id, status: 'pending' });
  });
}
