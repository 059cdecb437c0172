// GET /openapi.json (spec/operations.md "HTTP"): public, built once on first request, when every route exists.
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument, type OpenApiInfo } from '../openapi-document.js';
import type { RouteTable } from '../route-table.js';

export function registerOpenApiRoute(app: FastifyInstance, routes: RouteTable, info: OpenApiInfo): void {
  let document: string | undefined;
  app.get('/openapi.json', async (_req, reply) => {
    document ??= JSON.stringify(buildOpenApiDocument(routes.list(), info));
    return reply.type('application/json; charset=utf-8').send(document);
  });
}
