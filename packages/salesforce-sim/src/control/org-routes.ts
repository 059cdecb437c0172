import type { FastifyInstance } from 'fastify';
import type { AppSettings, CreateAppInput, CreateOrgInput, CreateUserInput, SimOrg } from '../salesforce-sim.js';
import { ControlNotFound, type ControlDeps } from './control-deps.js';
import { orgView, simSummary } from './sim-summary.js';

type OrgParams = { Params: { orgId: string } };

export function orgOf(deps: ControlDeps, orgId: string): SimOrg {
  const org = deps.sim.getOrg(orgId);
  if (!org) throw new ControlNotFound(`no org with id ${orgId}`);
  return org;
}

/** Orgs, users and connected apps. */
export function registerOrgRoutes(scope: FastifyInstance, deps: ControlDeps): void {
  const { sim } = deps;
  scope.get('/__sim/summary', async () => simSummary(sim, deps.origin()));
  scope.get('/__sim/orgs', async () => ({ orgs: [...sim.orgs.values()].map(orgView) }));
  scope.get<OrgParams>('/__sim/orgs/:orgId', async (request) => orgView(orgOf(deps, request.params.orgId)));

  scope.post<{ Body: CreateOrgInput & { users?: CreateUserInput[]; apps?: CreateAppInput[] } }>('/__sim/orgs', async (request, reply) => {
    const { users, apps, ...input } = request.body;
    const org = sim.createOrg(input);
    for (const u of users ?? []) sim.createUser(org.id, u);
    for (const a of apps ?? []) sim.createApp(org.id, a);
    return reply.code(201).send(orgView(org));
  });

  scope.post<OrgParams & { Body: CreateUserInput }>('/__sim/orgs/:orgId/users', async (request, reply) => {
    orgOf(deps, request.params.orgId);
    return reply.code(201).send(sim.createUser(request.params.orgId, request.body));
  });

  scope.post<{ Params: { orgId: string; userId: string; action: string } }>(
    '/__sim/orgs/:orgId/users/:userId/:action',
    async (request) => {
      const { orgId, userId, action } = request.params;
      orgOf(deps, orgId);
      if (action !== 'activate' && action !== 'deactivate') throw new ControlNotFound(`no user action ${action}`);
      if (!sim.findUser(orgId, userId)) throw new ControlNotFound(`no user ${userId} in org ${orgId}`);
      return sim.setUserActive(orgId, userId, action === 'activate');
    },
  );

  scope.post<{ Params: { orgId: string; action: string } }>('/__sim/orgs/:orgId/:action', async (request) => {
    const { orgId, action } = request.params;
    orgOf(deps, orgId);
    if (action !== 'activate' && action !== 'deactivate') throw new ControlNotFound(`no org action ${action}`);
    return orgView(sim.setOrgActive(orgId, action === 'activate'));
  });

  scope.post<OrgParams & { Body: CreateAppInput | undefined }>('/__sim/orgs/:orgId/apps', async (request, reply) => {
    orgOf(deps, request.params.orgId);
    return reply.code(201).send(sim.createApp(request.params.orgId, request.body ?? {}));
  });

  scope.patch<{ Params: { clientId: string }; Body: Partial<AppSettings> }>('/__sim/apps/:clientId', async (request) => {
    if (!sim.findApp(request.params.clientId)) throw new ControlNotFound(`no app with client id ${request.params.clientId}`);
    return sim.updateApp(request.params.clientId, request.body);
  });
}
