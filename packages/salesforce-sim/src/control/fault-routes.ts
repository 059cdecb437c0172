import type { FastifyInstance } from 'fastify';
import type { FaultRuleInput } from '../faults/fault-rules.js';
import { ControlNotFound, type ControlDeps } from './control-deps.js';

/** Fault injection and the request log. */
export function registerFaultRoutes(scope: FastifyInstance, deps: ControlDeps): void {
  scope.post<{ Body: FaultRuleInput }>('/__sim/faults', async (request, reply) => reply.code(201).send(deps.faults.add(request.body)));
  scope.get('/__sim/faults', async () => ({ faults: deps.faults.list() }));
  scope.delete('/__sim/faults', async (_request, reply) => {
    deps.faults.clear();
    return reply.code(204).send();
  });
  scope.delete<{ Params: { id: string } }>('/__sim/faults/:id', async (request, reply) => {
    if (!deps.faults.remove(request.params.id)) throw new ControlNotFound(`no fault ${request.params.id}`);
    return reply.code(204).send();
  });
  scope.get('/__sim/requests', async () => deps.requestLog.snapshot());
  scope.delete('/__sim/requests', async (_request, reply) => {
    deps.requestLog.reset();
    return reply.code(204).send();
  });
}
