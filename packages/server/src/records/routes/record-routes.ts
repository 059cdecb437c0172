// GET /records and PATCH /records/prune (nango-api.md §8). The route layer ignores trailing slashes, so
// the node client's `/records/` lands here too.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import type { ConnectionStore } from '../../connections/connection-store.js';
import type { RecordStore } from '../record-store.js';
import type { Connection } from '../../connections/connection-store.js';
import type { RecordFilter } from '../record-store.js';
import { storedModel } from '../record-store.js';
import { decodeCursor } from '../record-cursor.js';
import { pageBody } from '../page-body.js';
import { isRealDateTime } from '../../http/real-date-time.js';

export interface RecordRouteDeps {
  connections: ConnectionStore;
  records: RecordStore;
}

const MODEL = z.string().regex(/^[A-Z][a-zA-Z0-9_-]+$/).max(255);
const VARIANT = z.string().regex(/^[a-zA-Z0-9_-]+$/).max(255);
const YEAR_MS = 365 * 24 * 3600 * 1000;
// nango-api.md §8.1: UTC `Z` form only, not older than 365 days.
const MODIFIED_AFTER = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/, 'must be an ISO 8601 datetime in UTC (ending in Z)')
  .refine((v) => isRealDateTime(v) && !Number.isNaN(Date.parse(v)), 'must be a date and time that exist')
  .refine((v) => Date.parse(v) >= Date.now() - YEAR_MS, 'must be less than 365 days ago')
  .transform((v) => new Date(v));
const FILTER = z
  .string()
  .transform((v) => v.split(',').map((f) => f.trim().toLowerCase()))
  .pipe(z.array(z.enum(['added', 'updated', 'deleted'])).min(1))
  .transform((v) => new Set<RecordFilter>(v));
const ID = z.string().min(1).max(256);

const listQuery = z
  .object({
    model: MODEL,
    variant: VARIANT.optional(),
    modified_after: MODIFIED_AFTER.optional(),
    delta: MODIFIED_AFTER.optional(),
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
    filter: FILTER.optional(),
    cursor: z.string().min(1).max(1000).optional(),
    ids: z.union([ID, z.array(ID).min(1).max(100)]).optional(),
  })
  .strict();
const connectionHeaders = z.object({ 'connection-id': z.string().min(1).max(255), 'provider-config-key': z.string().min(1).max(255) });
const pruneBody = z.object({ model: MODEL, variant: VARIANT.optional(), until_cursor: z.string().min(1).max(1000), limit: z.number().int().min(1).max(10_000).optional() }).strict();

async function connectionOf(req: FastifyRequest, s: RecordRouteDeps, h: z.output<typeof connectionHeaders>): Promise<Connection> {
  const env = authedEnvironment(req);
  const connection = await s.connections.get(env.id, h['provider-config-key'], h['connection-id']);
  if (!connection) throw new TerapiError('unknown_connection');
  return connection;
}

export function registerRecordRoutes(app: FastifyInstance, s: RecordRouteDeps): void {
  declareRoute(app, { method: 'GET', url: '/records', auth: SECRET, summary: 'Read synced records by cursor (model, variant, filter, modified_after, ids)', tag: 'Records', query: listQuery, headers: connectionHeaders }, async (req, reply, { query: q, headers }) => {
    const connection = await connectionOf(req, s, headers);
    const page = await s.records.page({
      connectionId: connection.id,
      model: storedModel(q.model, q.variant),
      after: q.cursor !== undefined ? decodeCursor(q.cursor) : undefined,
      limit: q.limit ?? 100,
      modifiedAfter: q.modified_after ?? q.delta,
      filter: q.filter,
      ids: q.ids === undefined ? undefined : Array.isArray(q.ids) ? q.ids : [q.ids],
    });
    // Records arrive as JSON text from PostgreSQL; the page is assembled without re-parsing them.
    return reply.type('application/json; charset=utf-8').send(pageBody(page.records, page.nextCursor));
  });

  declareRoute(app, { method: 'PATCH', url: '/records/prune', auth: SECRET, summary: 'Empty the payloads of records up to a cursor, keeping their metadata', tag: 'Records', query: z.object({}).strict(), headers: connectionHeaders, body: pruneBody }, async (req, _reply, { headers, body: b }) => {
    const connection = await connectionOf(req, s, headers);
    const result = await s.records.prune(connection.id, storedModel(b.model, b.variant), decodeCursor(b.until_cursor), b.limit ?? 1000);
    return { count: result.count, has_more: result.hasMore };
  });
}
