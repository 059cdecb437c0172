// GET /openapi.json (spec/operations.md "HTTP"): public, built once on first request, when every route exists.
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument, type OpenApiInfo } from '../openapi-document.js';
import type { RouteTable } from '../route-table.js';
import { declareRoute, PUBLIC } from '../../http/route-contract.js';

export function registerOpenApiRoute(app: FastifyInstance, routes: RouteTable, info: OpenApiInfo): void {
  let document: string | undefined;
  declareRoute(app, { method: 'GET', url: '/openapi.json', auth: PUBLIC, summary: 'This description of the public API', tag: 'Server' }, async (_req, reply) => {
    document ??= JSON.stringify(buildOpenApiDocument(routes.list(), info));
    return reply.type('application/json; charset=utf-8').send(document);
  });
}
