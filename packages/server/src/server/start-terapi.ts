// The composition root (STYLE.md habit 5): builds every service from the frozen config, in order —
// database (embedded or DATABASE_URL), migrations, catalog, stores, HTTP routes, the job queue — and
// tears them down in reverse on stop(), the database last, so no in-flight write is lost.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { TerapiConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { migrate } from '../database/migrate.js';
import { startDataDirPostgres, type EmbeddedPostgresHandle } from '../database/embedded-postgres.js';
import { SecretBox } from '../crypto/secret-box.js';
import { createLogger } from '../http/logger.js';
import { buildHttpApp } from '../http/build-http-app.js';
import { FrontDoor } from '../http/front-door.js';
import { OutboundHttp } from '../outbound/outbound-http.js';
import { ProviderCatalog } from '../providers/provider-catalog.js';
import { ProviderLogos } from '../providers/provider-logos.js';
import { providerModules } from '../providers/provider-modules.js';
import { EnvironmentStore } from '../environments/environment-store.js';
import { IntegrationStore } from '../integrations/integration-store.js';
import { ConnectionStore } from '../connections/connection-store.js';
import { ConnectSessionStore } from '../connect-sessions/connect-session-store.js';
import { OAuthSessionStore } from '../oauth/oauth-session-store.js';
import { CredentialLifecycle } from '../auth/credential-lifecycle.js';
import { authStrategies } from '../auth/strategies/auth-strategies.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { AuthEvents } from '../webhooks/auth-events.js';
import { RecordStore } from '../records/record-store.js';
import { SyncService, SyncEvents, type SyncServiceOptions } from '../syncs/sync-service.js';
import { FunctionStore } from '../functions/function-store.js';
import { ActionRunStore } from '../actions/action-run-store.js';
import { JobRunner } from '../jobs/job-runner.js';
import { jobHandlers } from '../jobs/job-handlers.js';
import { registerRoutes } from './register-routes.js';
import { RefreshSweep } from '../auth/refresh-sweep.js';
import { OAuthWebSocketHub, registerOAuthWebSocket } from '../oauth/oauth-websocket.js';
import { DashboardSessionStore } from '../dashboard/dashboard-session-store.js';
import { dashboardIndex } from '../dashboard/routes/dashboard-page-routes.js';
import { dashboardDistDir } from '../dashboard/dashboard-assets.js';
import { TerapiMetrics } from '../metrics/terapi-metrics.js';
import { listConnectionApiUsage } from '../metrics/connection-api-usage.js';
import { registerMetricsRoutes } from '../metrics/routes/metrics-routes.js';
import { ConnectUiSettingsStore } from '../connect-ui/connect-ui-settings-store.js';
import { ProxyService } from '../proxy/proxy-service.js';
import { OperationLog } from '../operations/operation-log.js';
import { FunctionRunner } from '../functions/runner/run-function.js';
import { RouteTable } from '../openapi/route-table.js';
import { IncomingWebhookIntake } from '../incoming-webhooks/incoming-webhook-intake.js';
import { WebhookSecretStore } from '../incoming-webhooks/webhook-secret-store.js';
import type { ProviderHooksRegistry } from '../providers/provider-hooks.js';
import type { AuthStrategies } from '../auth/auth-strategy.js';

/** What the composition root built; tests reach the parts through RunningTerapi.services. */
export interface TerapiServices {
  config: TerapiConfig;
  logger: Logger;
  db: Database;
  box: SecretBox;
  catalog: ProviderCatalog;
  /** Each catalog provider's SVG logo (`providers/<folder>/logos/`). */
  providerLogos: ProviderLogos;
  hooks: ProviderHooksRegistry;
  http: OutboundHttp;
  environments: EnvironmentStore;
  integrations: IntegrationStore;
  connections: ConnectionStore;
  connectSessions: ConnectSessionStore;
  /** The Connect UI's look per environment (issue 11 point 5). */
  connectUiSettings: ConnectUiSettingsStore;
  oauthSessions: OAuthSessionStore;
  strategies: AuthStrategies;
  credentials: CredentialLifecycle;
  authEvents: AuthEvents;
  /** The records cache (nango-api.md §8). */
  records: RecordStore;
  /** Sync rows, schedules and runs (nango-api.md §9). */
  syncs: SyncService;
  /** Deployed functions and their versions (issue 6). */
  functions: FunctionStore;
  /** Async action runs (nango-api.md §10 X-Async). */
  actionRuns: ActionRunStore;
  /** The one proxy: `/proxy` and functions call providers through it. */
  proxy: ProxyService;
  /** Every operation's row (issue 12 point 5), written behind in batches. */
  operations: OperationLog;
  metrics: TerapiMetrics;
  /** The function sandbox and its run slots. */
  runner: FunctionRunner;
  /** Each integration's incoming-webhook secret (issue 13). */
  webhookSecrets: WebhookSecretStore;
  /** POST /webhook/…: authenticate, route, store, forward (issue 13). */
  incomingWebhooks: IncomingWebhookIntake;
  /** Dashboard sign-in tokens and sessions (issue 12). */
  dashboardSessions: DashboardSessionStore;
}

export const TERAPI_VERSION = '0.1.0';

export interface RunningTerapi {
  /** The API's base URL (http://127.0.0.1:PORT when the port was 0). */
  url: string;
  devSecretKey: string;
  /**
   * The dashboard URL `terapi start` prints: with a one-time sign-in token in its fragment, or without one
   * when TERAPI_DASHBOARD_TOKEN is set (the operator pastes that); undefined for a worker (no HTTP API).
   */
  dashboardUrl: string | undefined;
  services: TerapiServices;
  app: FastifyInstance | undefined;
  /** Every route the HTTP server serves, with its declaration (tests walk it). */
  routes: RouteTable;
  /** true when this start created the embedded database (first start). */
  firstStart: boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Listen address; default 0.0.0.0 (all interfaces). */
  host?: string;
  /** Webhook retry backoff base (tests make it fast). */
  webhookBackoffBaseMs?: number;
  /** Job queue and sync run limits (tests make the stale-lock timeout, poll interval and run timeout short). */
  syncs?: SyncServiceOptions;
  /**
   * The embedded PostgreSQL of config.dataDir, already starting (`terapi start` starts it before it loads
   * the server's modules, so the two overlap). Without it, and without DATABASE_URL, it is started here.
   */
  embeddedPostgres?: Promise<EmbeddedPostgresHandle>;
}

function encryptionKeyFor(config: TerapiConfig, logger: Logger): Buffer {
  if (config.encryptionKey) return config.encryptionKey;
  // Embedded only (config refuses DATABASE_URL without a key): generated once into the data dir.
  const file = join(config.dataDir, 'encryption-key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  logger.warn({ file }, 'generated an encryption key for credentials at rest; back it up with the data dir, or set TERAPI_ENCRYPTION_KEY');
  return key;
}

export async function startTerapi(config: TerapiConfig, opts: StartOptions = {}): Promise<RunningTerapi> {
  const logger = opts.logger ?? createLogger(config.logLevel, config.logFormat);
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  };
  try {
    if (config.upstreamMap.rules.length) {
      logger.warn({ rules: config.upstreamMap.rules }, 'TERAPI_UPSTREAM_MAP is set: outbound requests to these hosts go elsewhere. For tests and local development only.');
    }
    let connectionString = config.databaseUrl;
    let embedded: EmbeddedPostgresHandle | undefined;
    if (!connectionString) {
      const started = opts.embeddedPostgres ?? startDataDirPostgres(config.dataDir, (line) => logger.debug({ postgres: line }));
      embedded = await started;
      cleanups.push(() => embedded!.stop());
      connectionString = embedded.connectionString;
    }
    const box = new SecretBox(encryptionKeyFor(config, logger));
    const db = new Database(connectionString, { applicationName: `terapi-${config.role}` });
    cleanups.push(() => db.close());
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');

    const hooks = providerModules();
    const catalog = ProviderCatalog.load(new Set(hooks.keys()));
    const http = new OutboundHttp(config.upstreamMap);
    cleanups.push(() => http.close());
    const environments = new EnvironmentStore(db, box);
    const integrations = new IntegrationStore(db, box);
    const connections = new ConnectionStore(db, box);
    const strategies = authStrategies();
    // Closed after everything that records into it (cleanups run in reverse) and before the database.
    const operations = new OperationLog({ db, logger });
    cleanups.push(() => operations.close());
    const outbox = new WebhookOutbox({ db, http, environments, logger, operations, userAgent: `terapi/${TERAPI_VERSION} (${process.platform}; node.js/${process.version})`, ...(opts.webhookBackoffBaseMs ? { backoffBaseMs: opts.webhookBackoffBaseMs } : {}) });
    const authEvents = new AuthEvents({ outbox, environments, catalog });
    const credentials = new CredentialLifecycle({
      db,
      connections,
      integrations,
      catalog,
      hooks,
      strategies,
      http,
      logger,
      operations,
      onRefreshFailed: (f) => authEvents.refreshFailed(f.connection, f.error, f.q),
    });
    const records = new RecordStore(db);
    // One metrics registry per process, so two terapis in one test process never share counters.
    const metrics = new TerapiMetrics({ connectionApiUsage: () => listConnectionApiUsage(db) });
    // Registered after the database, so it flushes its queued rows after the HTTP server closed and before the database does.
    const proxy = new ProxyService({ db, logger, metrics, operations, connections, integrations, catalog, hooks, strategies, credentials, http });
    cleanups.push(() => proxy.close());
    const runner = new FunctionRunner();
    cleanups.push(() => runner.close());
    const syncs = new SyncService(() => services, { db, logger, records, functions: new FunctionStore(db), events: new SyncEvents({ outbox, environments }), ...(opts.syncs ? { options: opts.syncs } : {}) });
    const webhookSecrets = new WebhookSecretStore(db, box);
    const services: TerapiServices = {
      config,
      logger,
      db,
      box,
      catalog,
      providerLogos: ProviderLogos.load(),
      hooks,
      http,
      environments,
      integrations,
      connections,
      connectSessions: new ConnectSessionStore(db),
      connectUiSettings: new ConnectUiSettingsStore(db),
      oauthSessions: new OAuthSessionStore(db, box),
      strategies,
      credentials,
      authEvents,
      records,
      syncs,
      functions: new FunctionStore(db),
      actionRuns: new ActionRunStore(db),
      proxy,
      operations,
      metrics,
      runner,
      webhookSecrets,
      incomingWebhooks: new IncomingWebhookIntake({ db, logger, catalog, hooks, webhookSecrets, outbox, operations }),
      dashboardSessions: new DashboardSessionStore(db),
    };
    const { devSecretKey } = await environments.ensureDefaults(config.secretKey);

    // One job queue for all background work: every role enqueues, only worker and all roles run jobs.
    const jobs = new JobRunner({ db, logger, options: opts.syncs });
    await jobs.init();
    cleanups.push(() => jobs.stop());
    if (config.role !== 'api') {
      await jobs.start(jobHandlers({ services, outbox, sweep: new RefreshSweep({ connections, credentials, logger }) }));
      syncs.start(true);
      cleanups.push(() => syncs.stop());
    }

    let ready = false;
    const routes = new RouteTable();
    let app: FastifyInstance | undefined;
    let url = config.serverUrl;
    if (config.role === 'worker') {
      // A worker serves no API, but Prometheus scrapes it too: /health and /metrics on its own port.
      app = await buildHttpApp({ logger, isReady: () => ready, serverUrl: config.serverUrl, routes });
      registerMetricsRoutes(app, metrics, config.metricsKey);
    } else {
      const hub = new OAuthWebSocketHub({ db, logger });
      await hub.start();
      cleanups.push(() => hub.stop());
      const front = new FrontDoor({ logger, isReady: () => ready, auth: services });
      app = await buildHttpApp({ logger, isReady: () => ready, serverUrl: config.serverUrl, routes, front });
      await registerOAuthWebSocket(app, hub, dashboardIndex(dashboardDistDir()));
      await registerRoutes(app, { ...services, oauthPublisher: hub, outbox, front });
    }
    await app.listen({ port: config.port, host: opts.host ?? '0.0.0.0' });
    cleanups.push(() => app!.close());
    const addr = app.server.address();
    if (addr && typeof addr === 'object' && config.port === 0) url = `http://127.0.0.1:${addr.port}`;
    ready = true;
    // The token rides in the fragment, which browsers never send: it stays out of access logs, proxies and Referer headers.
    const dashboardUrl =
      config.role === 'worker' ? undefined : config.dashboardToken !== undefined ? `${url}/dashboard/sign-in` : `${url}/dashboard/sign-in#token=${await services.dashboardSessions.createSignInToken()}`;
    return { url, devSecretKey, dashboardUrl, services, app, routes, firstStart: embedded?.initialised ?? false, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
