import type { FastifyInstance } from 'fastify';
import type { SalesforceSim } from '../salesforce-sim.js';
import { registerA360TokenRoute } from './a360-token-route.js';
import { registerAuthorizeRoute } from './authorize-route.js';
import { useFormBodies } from './form-body.js';
import { registerIntrospectRoute } from './introspect-route.js';
import { registerRevokeRoute } from './revoke-route.js';
import { registerTokenRoute } from './token-route.js';
import { registerUserinfoRoutes } from './userinfo-route.js';

/** Every OAuth and identity endpoint, in their own scope so their form-body parsing leaves the REST routes alone. */
export function registerOAuthRoutes(app: FastifyInstance, sim: SalesforceSim): void {
  app.register(async (scope) => {
    useFormBodies(scope);
    registerAuthorizeRoute(scope, sim);
    registerTokenRoute(scope, sim);
    registerIntrospectRoute(scope, sim);
    registerRevokeRoute(scope, sim);
    registerUserinfoRoutes(scope, sim);
    registerA360TokenRoute(scope, sim);
  });
}
