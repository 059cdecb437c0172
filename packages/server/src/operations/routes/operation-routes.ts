// The logs API (issue 12 point 5): GET /logs/operations (filters, keyset pages newest first, or what is new
// `after` a following cursor), GET /logs/operations/stream (the same as Server-Sent Events), and
// GET /logs/operations/:id. Rows never hold a secret (operation-log.ts), so they are returned as stored.
//
// Live following polls the keyset (`id > cursor`, the primary key) every second rather than LISTEN/NOTIFY:
// rows arrive in write-behind batches about once a second anyway, a poll costs one index probe, it needs no
// dedicated connection per process, and a stream is served the same by any api process. Known limit: two
// processes' batches can commit out of id order, so a follower may miss a row of the slower one; a page
// reload shows it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../database/database.js';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import { decodeIdCursor, decodeKeyset, encodeIdCursor } from '../../database/keyset-cursor.js';
import { OPERATION_KINDS, OPERATION_STATUSES } from '../operation-kinds.js';
import { OperationQuery, type OperationFilter } from '../operation-query.js';

export interface OperationRouteDeps {
  db: Database;
}

/** A page holds at most this many rows. */
export const MAX_PAGE = 100;
const FOLLOW_POLL_MS = 1000;
/** A stream ends after this long; EventSource reconnects with Last-Event-ID and nothing is lost. */
const STREAM_MAX_MS = 5 * 60_000;
const HEARTBEAT_MS = 15_000;

const filterShape = {
  kind: z.enum(OPERATION_KINDS).optional().describe('Only operations of this kind.'),
  status: z.enum(OPERATION_STATUSES).optional().describe('Only successes or only failures.'),
  integration: z.string().min(1).max(255).optional().describe("The integration's unique key (providerConfigKey)."),
  connection: z.string().min(1).max(255).optional().describe("The connection's id (connection_id)."),
  from: z.iso.datetime({ offset: true }).optional().describe('Started at or after this instant (ISO 8601).'),
  to: z.iso.datetime({ offset: true }).optional().describe('Started before this instant (ISO 8601).'),
};
const listQuery = z
  .object({
    ...filterShape,
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional().describe(`Rows per page, at most ${MAX_PAGE} (default 50).`),
    cursor: z.string().min(1).max(200).optional().describe('next_cursor of the previous page: the next, older page.'),
    after: z.string().min(1).max(200).optional().describe('following of a previous answer: what was logged since, oldest first.'),
  })
  .strict()
  .refine((q) => !(q.cursor && q.after), { message: 'pass cursor (older pages) or after (new entries), not both', path: ['after'] });
const streamQuery = z
  .object({ ...filterShape, after: z.string().min(1).max(200).optional().describe('following of a previous answer; default: from now.') })
  .strict();
const noQuery = z.object({}).strict();
const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be an operation id') });

function filterOf(q: z.infer<typeof streamQuery>): OperationFilter {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  return { kind: q.kind, status: q.status, providerConfigKey: q.integration, connectionId: q.connection, from, to };
}

export function registerOperationRoutes(app: FastifyInstance, s: OperationRouteDeps): void {
  const query = new OperationQuery(s.db);
  // Open streams end when the server closes (a stream would otherwise hold the shutdown for minutes).
  const streams = new Set<AbortController>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.abort();
  });

  declareRoute(
    app,
    { method: 'GET', url: '/logs/operations', auth: SECRET, summary: 'Operations newest first (filters, keyset pages), or what is new after a following cursor', tag: 'Logs', query: listQuery },
    async (req, _reply, { query: q }) => {
      const env = authedEnvironment(req);
      const limit = q.limit ?? 50;
      if (q.after) return query.following(env.id, filterOf(q), decodeIdCursor(q.after), limit);
      return query.page(env.id, filterOf(q), limit, q.cursor ? decodeKeyset(q.cursor) : undefined);
    },
  );

  declareRoute(
    app,
    { method: 'GET', url: '/logs/operations/stream', auth: SECRET, summary: 'New operations as Server-Sent Events (event "operation"; reconnect with Last-Event-ID)', tag: 'Logs', produces: 'text/event-stream', query: streamQuery },
    async (req, reply, { query: q }) => {
      const stream = new AbortController();
      streams.add(stream);
      try {
        await followStream(req, reply, q, query, stream.signal);
      } finally {
        streams.delete(stream);
      }
    },
  );

  declareRoute(app, { method: 'GET', url: '/logs/operations/:id', auth: SECRET, summary: 'One operation in full: what was called, status, duration, error', tag: 'Logs', params: idParams, query: noQuery }, async (req, _reply, { params: { id } }) => {
    const env = authedEnvironment(req);
    const op = await query.get(env.id, id);
    if (!op) throw new TerapiError('not_found.operation', { id });
    return op;
  });
}

/** SSE (WHATWG HTML §9.2): one `operation` event per new row, its id the following cursor. */
async function followStream(req: FastifyRequest, reply: FastifyReply, q: z.output<typeof streamQuery>, query: OperationQuery, signal: AbortSignal): Promise<void> {
  const env = authedEnvironment(req);
  const lastEventId = req.headers['last-event-id'];
  const start = typeof lastEventId === 'string' && lastEventId ? lastEventId : q.after;
  const filter = filterOf(q);
  let cursor = start ? decodeIdCursor(start) : decodeIdCursor((await query.page(env.id, {}, 1)).following);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write(`retry: ${FOLLOW_POLL_MS}\n: following from ${encodeIdCursor(cursor)}\n\n`);
  const stopAt = Date.now() + STREAM_MAX_MS;
  const done = new AbortController();
  res.on('close', () => done.abort());
  const stop = AbortSignal.any([signal, done.signal]);
  let lastWrite = Date.now();
  while (!stop.aborted && Date.now() < stopAt) {
    try {
      const { operations, following } = await query.following(env.id, filter, cursor, MAX_PAGE);
      for (const op of operations) res.write(`event: operation\nid: ${encodeIdCursor(op.id)}\ndata: ${JSON.stringify(op)}\n\n`);
      if (following !== encodeIdCursor(cursor)) {
        cursor = decodeIdCursor(following);
        // The cursor moved past rows the filter skipped: tell a reconnecting client where to resume.
        if (!operations.length) res.write(`id: ${following}\n\n`);
      }
      if (operations.length) lastWrite = Date.now();
      if (operations.length === MAX_PAGE) continue;
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'operation stream poll failed');
    }
    if (Date.now() - lastWrite > HEARTBEAT_MS) {
      res.write(': ping\n\n');
      lastWrite = Date.now();
    }
    await sleep(FOLLOW_POLL_MS, undefined, { signal: stop }).catch(() => {});
  }
  res.end();
}
