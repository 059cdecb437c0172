import type { FastifyInstance } from 'fastify';
import type { TokenSelector } from '../oauth/token-store.js';
import type { ControlDeps } from './control-deps.js';

/** Token expiry and revocation (one token, a user's, an org's, all) and the simulator clock. */
export function registerSessionRoutes(scope: FastifyInstance, deps: ControlDeps): void {
  const { sim } = deps;
  scope.post<{ Body: TokenSelector }>('/__sim/tokens/expire', async (request) => ({ count: sim.tokens.expire(request.body, sim.now()) }));
  scope.post<{ Body: TokenSelector }>('/__sim/tokens/revoke', async (request) => ({ count: sim.tokens.revokeSelected(request.body) }));
  scope.post<{ Body: { ms: number } }>('/__sim/clock/advance', async (request) => {
    sim.advanceClock(request.body.ms);
    return { now: sim.now() };
  });
}
