// Every public route module, registered in one place.
import type { FastifyInstance } from 'fastify';
import type { Services } from './services.js';
import { registerProviderRoutes } from '../providers/routes/provider-routes.js';
import { registerIntegrationRoutes } from '../integrations/routes/integration-routes.js';
import { registerConnectSessionRoutes } from '../connect-sessions/routes/connect-session-routes.js';
import { registerOAuthRoutes } from '../oauth/routes/oauth-routes.js';
import { registerConnectionRoutes } from '../connections/routes/connection-routes.js';
import { registerEnvironmentRoutes } from '../environments/routes/environment-routes.js';

export async function registerRoutes(app: FastifyInstance, s: Services): Promise<void> {
  registerProviderRoutes(app, s);
  registerIntegrationRoutes(app, s);
  registerConnectSessionRoutes(app, s);
  registerOAuthRoutes(app, s);
  registerConnectionRoutes(app, s);
  registerEnvironmentRoutes(app, s);
}
