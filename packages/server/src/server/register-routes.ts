// Every public route module, registered in one place.
import type { FastifyInstance } from 'fastify';
import type { Services } from './services.js';
import { registerFunctionRoutes } from '../functions/routes/function-routes.js';
import { registerActionRoutes } from '../actions/routes/action-routes.js';
import { registerProviderRoutes } from '../providers/routes/provider-routes.js';
import { registerIntegrationRoutes } from '../integrations/routes/integration-routes.js';
import { registerConnectSessionRoutes } from '../connect-sessions/routes/connect-session-routes.js';
import { registerOAuthRoutes } from '../oauth/routes/oauth-routes.js';
import { registerConnectionRoutes } from '../connections/routes/connection-routes.js';
import { registerEnvironmentRoutes } from '../environments/routes/environment-routes.js';
import { registerClientCredentialsRoutes } from '../auth/routes/client-credentials-routes.js';
import { registerTwoStepRoutes } from '../auth/routes/two-step-routes.js';
import { registerProxyRoutes } from '../proxy/routes/proxy-routes.js';
import { registerMetricsRoutes } from '../metrics/routes/metrics-routes.js';
import { registerRecordRoutes } from '../records/routes/record-routes.js';
import { registerSyncRoutes } from '../syncs/routes/sync-routes.js';
import { authenticateBeforeBody } from '../http/authenticate-before-body.js';

export async function registerRoutes(app: FastifyInstance, s: Services): Promise<void> {
  authenticateBeforeBody(app, s);
  registerProviderRoutes(app, s);
  registerIntegrationRoutes(app, s);
  registerConnectSessionRoutes(app, s);
  registerOAuthRoutes(app, s);
  registerConnectionRoutes(app, s);
  registerEnvironmentRoutes(app, s);
  registerFunctionRoutes(app, s);
  registerActionRoutes(app, s);
  registerRecordRoutes(app, s);
  registerSyncRoutes(app, s);
  registerClientCredentialsRoutes(app, s);
  registerTwoStepRoutes(app, s);
  registerMetricsRoutes(app, s.metrics, s.config.metricsKey);
  registerProxyRoutes(app, s);
}
