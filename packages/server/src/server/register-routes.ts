// Every public route module, registered in one place. Each module names what it uses (its *RouteDeps);
// this module takes no more than their sum.
import type { FastifyInstance } from 'fastify';
import type { TerapiConfig } from '../config/config.js';
import type { TerapiMetrics } from '../metrics/terapi-metrics.js';
import { registerFunctionRoutes, type FunctionRouteDeps } from '../functions/routes/function-routes.js';
import { registerActionRoutes, type ActionRouteDeps } from '../actions/routes/action-routes.js';
import { registerProviderRoutes, type ProviderRouteDeps } from '../providers/routes/provider-routes.js';
import { registerProviderLogoRoutes, type ProviderLogoRouteDeps } from '../providers/routes/provider-logo-routes.js';
import { registerIntegrationRoutes, type IntegrationRouteDeps } from '../integrations/routes/integration-routes.js';
import { registerConnectSessionRoutes, type ConnectSessionRouteDeps } from '../connect-sessions/routes/connect-session-routes.js';
import { registerOAuthRoutes, type OAuthRouteDeps } from '../oauth/routes/oauth-routes.js';
import { registerConnectionRoutes, type ConnectionRouteDeps } from '../connections/routes/connection-routes.js';
import { registerEnvironmentRoutes, type EnvironmentRouteDeps } from '../environments/routes/environment-routes.js';
import { registerClientCredentialsRoutes, type ClientCredentialsRouteDeps } from '../auth/routes/client-credentials-routes.js';
import { registerTwoStepRoutes, type TwoStepRouteDeps } from '../auth/routes/two-step-routes.js';
import { registerProxyRoutes, type ProxyRouteDeps } from '../proxy/routes/proxy-routes.js';
import { registerMetricsRoutes } from '../metrics/routes/metrics-routes.js';
import { registerRecordRoutes, type RecordRouteDeps } from '../records/routes/record-routes.js';
import { registerSyncRoutes, type SyncRouteDeps } from '../syncs/routes/sync-routes.js';
import { registerIncomingWebhookRoutes, type IncomingWebhookRouteDeps } from '../incoming-webhooks/routes/incoming-webhook-routes.js';
import { registerConnectUiRoutes } from '../connect-ui/connect-ui-routes.js';
import { registerConnectUiSettingsRoutes, type ConnectUiSettingsRouteDeps } from '../connect-ui/routes/connect-ui-settings-routes.js';
import { registerDashboardRoutes, type DashboardRouteDeps } from '../dashboard/dashboard-routes.js';
import { dashboardDistDir } from '../dashboard/dashboard-assets.js';
import { registerConnectionApiUsageRoutes, type ConnectionApiUsageRouteDeps } from '../connections/routes/connection-api-usage-routes.js';
import { registerOperationRoutes, type OperationRouteDeps } from '../operations/routes/operation-routes.js';
import { registerWebhookDeliveryRoutes, type WebhookDeliveryRouteDeps } from '../webhooks/routes/webhook-delivery-routes.js';
import { authenticateBeforeBody } from '../http/authenticate-before-body.js';
import type { RequestAuthDeps } from '../http/request-auth.js';

export type RouteDeps = RequestAuthDeps &
  ProviderRouteDeps &
  ProviderLogoRouteDeps &
  IntegrationRouteDeps &
  ConnectSessionRouteDeps &
  ConnectUiSettingsRouteDeps &
  OAuthRouteDeps &
  ConnectionRouteDeps &
  EnvironmentRouteDeps &
  FunctionRouteDeps &
  ActionRouteDeps &
  RecordRouteDeps &
  SyncRouteDeps &
  ClientCredentialsRouteDeps &
  TwoStepRouteDeps &
  ProxyRouteDeps &
  OperationRouteDeps &
  ConnectionApiUsageRouteDeps &
  WebhookDeliveryRouteDeps &
  IncomingWebhookRouteDeps &
  DashboardRouteDeps & { metrics: TerapiMetrics; config: TerapiConfig };

export async function registerRoutes(app: FastifyInstance, s: RouteDeps): Promise<void> {
  authenticateBeforeBody(app, s);
  registerProviderRoutes(app, s);
  registerProviderLogoRoutes(app, s);
  registerIntegrationRoutes(app, s);
  registerConnectSessionRoutes(app, s);
  registerConnectUiSettingsRoutes(app, s);
  registerOAuthRoutes(app, s);
  registerConnectionRoutes(app, s);
  registerEnvironmentRoutes(app, s);
  registerFunctionRoutes(app, s);
  registerActionRoutes(app, s);
  registerRecordRoutes(app, s);
  registerSyncRoutes(app, s);
  registerClientCredentialsRoutes(app, s);
  registerTwoStepRoutes(app, s);
  registerOperationRoutes(app, s);
  registerConnectionApiUsageRoutes(app, s);
  registerWebhookDeliveryRoutes(app, s);
  registerMetricsRoutes(app, s.metrics, s.config.metricsKey);
  registerProxyRoutes(app, s);
  await registerIncomingWebhookRoutes(app, s);
  registerConnectUiRoutes(app);
  registerDashboardRoutes(app, s, dashboardDistDir());
}
