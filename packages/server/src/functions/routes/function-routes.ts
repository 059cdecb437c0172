// The functions' own routes: deploy, dry run, and the deployed configuration.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../database/database.js';
import type { DeployRouteDeps } from './deploy-route.js';
import type { DryRunRouteDeps } from './dryrun-route.js';
import type { ScriptsConfigRouteDeps } from './scripts-config-route.js';
import { FunctionStore } from '../function-store.js';
import { registerDeployRoute } from './deploy-route.js';
import { registerDryRunRoute } from './dryrun-route.js';
import { registerScriptsConfigRoute } from './scripts-config-route.js';

export interface FunctionRouteDeps extends DeployRouteDeps, DryRunRouteDeps, ScriptsConfigRouteDeps {
  db: Database;
}

export function registerFunctionRoutes(app: FastifyInstance, s: FunctionRouteDeps): void {
  const store = new FunctionStore(s.db);
  registerDeployRoute(app, s, store);
  registerDryRunRoute(app, s, store);
  registerScriptsConfigRoute(app, s, store);
}
