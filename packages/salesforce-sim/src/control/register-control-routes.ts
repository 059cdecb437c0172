import type { FastifyInstance } from 'fastify';
import { SimDataError } from '../data/sim-data-error.js';
import { ControlNotFound, type ControlDeps } from './control-deps.js';
import { registerFaultRoutes } from './fault-routes.js';
import { registerOrgRoutes } from './org-routes.js';
import { registerOutboundRoutes } from './outbound-routes.js';
import { registerRecordRoutes } from './record-routes.js';
import { registerSessionRoutes } from './session-routes.js';

/**
 * The control API under `/__sim/` (JSON). Errors: 404 `{error}` for an unknown org/user/app/record/fault, a data error
 * as `{error, errorCode, fields}` with its status, any other rejected input as 400 `{error}`.
 */
export function registerControlRoutes(app: FastifyInstance, deps: ControlDeps): void {
  app.register(async (scope) => {
    scope.setErrorHandler((err, _request, reply) => {
      if (err instanceof ControlNotFound) return reply.code(404).send({ error: err.message });
      if (err instanceof SimDataError) {
        return reply.code(err.status).send({ error: err.message, errorCode: err.errorCode, fields: err.fields });
      }
      const status = (err as { statusCode?: number }).statusCode;
      return reply.code(status !== undefined && status >= 400 && status < 500 ? status : 400).send({ error: (err as Error).message });
    });
    registerOrgRoutes(scope, deps);
    registerRecordRoutes(scope, deps);
    registerSessionRoutes(scope, deps);
    registerFaultRoutes(scope, deps);
    registerOutboundRoutes(scope, deps);
  });
}
