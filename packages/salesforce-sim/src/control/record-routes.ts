import type { FastifyInstance } from 'fastify';
import { ControlNotFound, type ControlDeps } from './control-deps.js';
import { orgOf } from './org-routes.js';

type RecordParams = { Params: { orgId: string; type: string; id: string } };

/** Records of an org, changed through `org.data` as if a user had edited them in Salesforce. */
export function registerRecordRoutes(scope: FastifyInstance, deps: ControlDeps): void {
  scope.post<{ Params: { orgId: string }; Body: { perObject: number; seed?: number } }>('/__sim/orgs/:orgId/seed', async (request) => {
    orgOf(deps, request.params.orgId).data.seed(request.body.perObject, request.body.seed);
    return { ok: true };
  });

  scope.post<{ Params: { orgId: string; type: string }; Body: Record<string, unknown> }>(
    '/__sim/orgs/:orgId/records/:type',
    async (request, reply) => reply.code(201).send(orgOf(deps, request.params.orgId).data.create(request.params.type, request.body)),
  );

  scope.get<RecordParams>('/__sim/orgs/:orgId/records/:type/:id', async (request) => {
    const record = orgOf(deps, request.params.orgId).data.get(request.params.type, request.params.id);
    if (!record) throw new ControlNotFound(`no ${request.params.type} ${request.params.id}`);
    return record;
  });

  scope.patch<RecordParams & { Body: Record<string, unknown> }>('/__sim/orgs/:orgId/records/:type/:id', async (request) =>
    orgOf(deps, request.params.orgId).data.update(request.params.type, request.params.id, request.body),
  );

  scope.delete<RecordParams>('/__sim/orgs/:orgId/records/:type/:id', async (request, reply) => {
    orgOf(deps, request.params.orgId).data.delete(request.params.type, request.params.id);
    return reply.code(204).send();
  });

  scope.post<RecordParams>('/__sim/orgs/:orgId/records/:type/:id/purge', async (request, reply) => {
    orgOf(deps, request.params.orgId).data.purge(request.params.type, request.params.id);
    return reply.code(204).send();
  });

  scope.post<RecordParams>('/__sim/orgs/:orgId/records/:type/:id/undelete', async (request) =>
    orgOf(deps, request.params.orgId).data.undelete(request.params.type, request.params.id),
  );
}
