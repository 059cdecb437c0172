import type { FastifyInstance } from 'fastify';
import type { OutboundMessageInput } from '../outbound-messages/outbound-messages.js';
import { ControlNotFound, type ControlDeps } from './control-deps.js';

/** Outbound Message deliveries (spec/salesforce.md §5.1–5.3). */
export function registerOutboundRoutes(scope: FastifyInstance, deps: ControlDeps): void {
  scope.post<{ Body: OutboundMessageInput }>('/__sim/outbound-messages', async (request, reply) =>
    reply.code(201).send(deps.outbound.send(request.body)),
  );
  scope.get('/__sim/outbound-messages', async () => ({ deliveries: deps.outbound.list() }));
  // `?wait=true` answers once the delivery is acknowledged or given up.
  scope.get<{ Params: { id: string }; Querystring: { wait?: string } }>('/__sim/outbound-messages/:id', async (request) => {
    const delivery =
      request.query.wait === 'true' ? await deps.outbound.settled(request.params.id) : deps.outbound.get(request.params.id);
    if (!delivery) throw new ControlNotFound(`no delivery ${request.params.id}`);
    return delivery;
  });
}
