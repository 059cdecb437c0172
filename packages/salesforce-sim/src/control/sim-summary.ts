import type { SalesforceSim, SimApp, SimOrg, SimUser } from '../salesforce-sim.js';

/** operations.md "The Salesforce simulator": the JSON object `--json` prints first. */
export interface SimSummary {
  origin: string;
  upstreamMap: string;
  orgs: {
    id: string;
    myDomain: string;
    sandbox: boolean;
    users: { id: string; username: string }[];
    apps: { clientId: string; clientSecret: string; callbackUrls: string[] }[];
  }[];
}

/** An org as the control API shows it (everything but its records). */
export interface OrgView {
  id: string;
  name: string;
  myDomain: string;
  sandbox: boolean;
  siteHost?: string;
  instanceUrl: string;
  sessionSeconds: number;
  active: boolean;
  tokenRequestsPerHour?: number;
  users: SimUser[];
  apps: SimApp[];
}

export function upstreamMapFor(origin: string): string {
  return ['login.salesforce.com', 'test.salesforce.com', '*.salesforce.com', '*.my.site.com'].map((h) => `${h}=${origin}`).join(',');
}

export function simSummary(sim: SalesforceSim, origin: string): SimSummary {
  return {
    origin,
    upstreamMap: upstreamMapFor(origin),
    orgs: [...sim.orgs.values()].map((o) => ({
      id: o.id,
      myDomain: o.myDomain,
      sandbox: o.sandbox,
      users: o.users.map((u) => ({ id: u.id, username: u.username })),
      apps: o.apps.map((a) => ({ clientId: a.clientId, clientSecret: a.clientSecret, callbackUrls: [...a.callbackUrls] })),
    })),
  };
}

export function orgView(org: SimOrg): OrgView {
  return {
    id: org.id,
    name: org.name,
    myDomain: org.myDomain,
    sandbox: org.sandbox,
    ...(org.siteHost !== undefined ? { siteHost: org.siteHost } : {}),
    instanceUrl: org.instanceUrl,
    sessionSeconds: org.sessionSeconds,
    active: org.active,
    ...(org.tokenRequestsPerHour !== undefined ? { tokenRequestsPerHour: org.tokenRequestsPerHour } : {}),
    users: org.users,
    apps: org.apps,
  };
}
