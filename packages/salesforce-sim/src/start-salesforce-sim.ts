import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { registerBulkRoutes } from './bulk/register-bulk-routes.js';
import type { ControlDeps } from './control/control-deps.js';
import { registerControlRoutes } from './control/register-control-routes.js';
import { SimControlClient } from './control/sim-control-client.js';
import { simSummary, upstreamMapFor, type SimSummary } from './control/sim-summary.js';
import { FaultRules } from './faults/fault-rules.js';
import { registerFaultHook } from './faults/register-fault-hook.js';
import { registerHostRouting } from './hosts/host-routing.js';
import { registerOAuthRoutes } from './oauth/register-oauth-routes.js';
import { OutboundMessages } from './outbound-messages/outbound-messages.js';
import { registerRequestLog } from './request-log/register-request-log.js';
import { RequestLog } from './request-log/request-log.js';
import { registerRestRoutes } from './rest/register-rest-routes.js';
import { SalesforceSim, type ApprovalMode } from './salesforce-sim.js';

export interface StartSalesforceSimOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Records per standard object created in each default org. */
  seed?: number;
  /** Callback URLs of the apps the simulator creates; default `http://localhost:3003/oauth/callback`. */
  callbackUrls?: string[];
  /** Default `auto` (redirect at once); the CLI uses `consent-page`. */
  approval?: ApprovalMode;
}

export interface RunningSalesforceSim {
  origin: string;
  upstreamMap: string;
  sim: SalesforceSim;
  control: SimControlClient;
  summary(): SimSummary;
  close(): Promise<void>;
}

/** The default orgs of operations.md: production `acme` (with a site) and its sandbox `acme--uat`. */
function createDefaultOrgs(sim: SalesforceSim, seed: number | undefined): void {
  const prod = sim.createOrg({ name: 'acme', site: true });
  sim.createUser(prod.id, { username: 'admin@acme.example', firstName: 'Ada', lastName: 'Admin' });
  sim.createApp(prod.id, { name: 'terapi' });
  const sandbox = sim.createOrg({ name: 'acme', sandbox: true, sandboxName: 'uat' });
  sim.createUser(sandbox.id, { username: 'admin@acme.example.uat', firstName: 'Ada', lastName: 'Admin' });
  sim.createApp(sandbox.id, { name: 'terapi' });
  if (seed !== undefined && seed > 0) {
    for (const org of [prod, sandbox]) org.data.seed(seed);
  }
}

export async function startSalesforceSim(opts: StartSalesforceSimOptions = {}): Promise<RunningSalesforceSim> {
  const sim = new SalesforceSim({
    approval: opts.approval ?? 'auto',
    ...(opts.callbackUrls !== undefined ? { defaultCallbackUrls: opts.callbackUrls } : {}),
  });
  createDefaultOrgs(sim, opts.seed);
  const faults = new FaultRules();
  const requestLog = new RequestLog();
  const outbound = new OutboundMessages(sim);
  let origin = '';
  const deps: ControlDeps = { sim, faults, requestLog, outbound, origin: () => origin };

  const app = Fastify({ logger: false, forceCloseConnections: true });
  // Order matters: faults act before host routing so a fault can also stand in for an unreachable host.
  registerRequestLog(app, requestLog);
  registerFaultHook(app, faults, requestLog);
  registerHostRouting(app, sim);
  registerControlRoutes(app, deps);
  registerOAuthRoutes(app, sim);
  registerRestRoutes(app, sim);
  registerBulkRoutes(app, sim);

  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${hostForUrl}:${address.port}`;
  return {
    origin,
    upstreamMap: upstreamMapFor(origin),
    sim,
    control: new SimControlClient(origin),
    summary: () => simSummary(sim, origin),
    close: async () => {
      outbound.close();
      await app.close();
    },
  };
}
