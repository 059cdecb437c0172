// The functions' own routes: deploy, dry run, and the deployed configuration.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../server/services.js';
import { FunctionStore } from '../function-store.js';
import { registerDeployRoute } from './deploy-route.js';
import { registerDryRunRoute } from './dryrun-route.js';
import { registerScriptsConfigRoute } from './scripts-config-route.js';

export function registerFunctionRoutes(app: FastifyInstance, s: Services): void {
  const store = new FunctionStore(s.db);
  registerDeployRoute(app, s, store);
  registerDryRunRoute(app, s, store);
  registerScriptsConfigRoute(app, s, store);
}
