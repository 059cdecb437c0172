/** The simulator's model: orgs, their users and connected apps (the state lives in `SalesforceSim`). */
import type { OrgData } from './data/org-data.js';
import type { HostKind } from './hosts/host-kind.js';

export type ApprovalMode = 'auto' | 'consent-page';
/** `deny` makes the authorize endpoint answer as if the user pressed Deny (spec/salesforce.md §1.1). */
export type AppApproval = ApprovalMode | 'deny';

export interface SimUser {
  id: string;
  username: string;
  active: boolean;
  orgId: string;
  /** For the username-password flow. */
  password: string;
  firstName: string;
  lastName: string;
  email: string;
}

export interface AppSettings {
  callbackUrls: string[];
  /** Granted when the authorize request names no scope. */
  scopes: string[];
  pkceRequired: boolean;
  rotateRefreshTokens: boolean;
  /** Off: introspection answers `{"active":false}` for every token (spec/salesforce.md §2.1). */
  introspectAll: boolean;
  /** "Require Secret for Web Server Flow" / "for Refresh Token Flow" (spec/salesforce.md §1.4). */
  requireSecret: boolean;
  clientCredentialsEnabled: boolean;
  /** The Run-As user of the client credentials flow (user id or username). */
  clientCredentialsUser?: string;
  /** PEM of the X.509 certificate or SPKI public key that verifies JWT-bearer assertions. */
  certificatePem?: string;
  /** Users (ids or usernames) admin-approved for JWT bearer without a prior interactive approval. */
  preAuthorizedUsers: string[];
  /** Overrides the simulator's approval mode for this app. */
  approval?: AppApproval;
  /** "Admin approved users are pre-authorized": others get `invalid_app_access` (spec/salesforce.md §1.8). */
  adminApprovedUsersOnly: boolean;
  /** The username-password flow; off gives `authentication failure`, as orgs that block it do (§1.8). */
  passwordFlowEnabled: boolean;
}

export interface SimApp extends AppSettings {
  clientId: string;
  clientSecret: string;
  name: string;
  orgId: string;
}

export interface SimOrg {
  id: string;
  name: string;
  myDomain: string;
  sandbox: boolean;
  siteHost?: string;
  /** The Experience Cloud site's id (`0DB…`), reported as `sfdc_community_id`. */
  siteId?: string;
  instanceUrl: string;
  users: SimUser[];
  apps: SimApp[];
  data: OrgData;
  /** Session lifetime of access tokens (the org's session timeout). */
  sessionSeconds: number;
  /** An inactive org refuses every grant with `inactive_org` and every session (spec/salesforce.md §1.8). */
  active: boolean;
  /** Token grants allowed per rolling hour before `rate_limit_exceeded` (§1.8); unlimited when absent. */
  tokenRequestsPerHour?: number;
}

export interface CreateOrgInput {
  name: string;
  sandbox?: boolean;
  /** Sandbox name in `acme--<name>.sandbox.my.salesforce.com`; default `uat`. */
  sandboxName?: string;
  myDomain?: string;
  /** `true` gives `<name>.my.site.com`; a string names the site host. */
  site?: boolean | string;
  sessionSeconds?: number;
  dailyApiMax?: number;
  tokenRequestsPerHour?: number;
}

export interface CreateUserInput {
  username: string;
  /** Default `password`. */
  password?: string;
  active?: boolean;
  firstName?: string;
  lastName?: string;
  email?: string;
}

export type CreateAppInput = Partial<AppSettings> & { name?: string };

export interface ResolvedHost {
  kind: HostKind;
  org?: SimOrg;
}
