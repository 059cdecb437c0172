import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ResolvedHost, SalesforceSim } from '../salesforce-sim.js';
import { CONTROL_PREFIX } from '../control/control-prefix.js';

const resolved = new WeakMap<FastifyRequest, ResolvedHost>();

/** The Salesforce host a request was sent to; set for every request outside the control API. */
export function requestHost(request: FastifyRequest): ResolvedHost {
  return resolved.get(request) ?? { kind: 'bare' };
}

/** operations.md "The Salesforce simulator": one port, hosts told apart by `Host`; an unknown host is a 404. */
export function registerHostRouting(app: FastifyInstance, sim: SalesforceSim): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return;
    const host = sim.resolveHost(request.headers.host ?? '');
    if (!host) {
      return reply.code(404).type('text/plain; charset=utf-8').send(`No Salesforce host ${request.headers.host ?? ''} in this simulator`);
    }
    resolved.set(request, host);
  });
}
