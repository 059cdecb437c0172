import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { OrgData } from './data/org-data.js';
import { hostnameOf, isBareHost, LOGIN_HOST, TEST_HOST } from './hosts/host-kind.js';
import { makeSalesforceId } from './ids/salesforce-id.js';
import { AuthorizationCodeStore } from './oauth/authorization-codes.js';
import { IdTokenSigner } from './oauth/id-token-signer.js';
import { TokenStore, type IssuedToken } from './oauth/token-store.js';
import { invalidSessionResponse, type RestAuthFailure } from './oauth/invalid-session.js';
import type {
  AppSettings,
  ApprovalMode,
  CreateAppInput,
  CreateOrgInput,
  CreateUserInput,
  ResolvedHost,
  SimApp,
  SimOrg,
  SimUser,
} from './sim-model.js';

export type {
  AppApproval,
  AppSettings,
  ApprovalMode,
  CreateAppInput,
  CreateOrgInput,
  CreateUserInput,
  ResolvedHost,
  SimApp,
  SimOrg,
  SimUser,
} from './sim-model.js';

export interface SalesforceSimOptions {
  defaultCallbackUrls?: string[];
  approval?: ApprovalMode;
}

export const DEFAULT_CALLBACK_URL = 'http://localhost:3003/oauth/callback';
const DEFAULT_SESSION_SECONDS = 2 * 60 * 60;

export class SalesforceSim {
  readonly orgs = new Map<string, SimOrg>();
  readonly tokens = new TokenStore();
  readonly codes = new AuthorizationCodeStore();
  readonly idTokens = new IdTokenSigner();
  readonly approval: ApprovalMode;
  readonly defaultCallbackUrls: string[];
  readonly #approvals = new Set<string>();
  readonly #serials = new Map<string, number>();
  readonly #tokenGrants = new Map<string, number[]>();
  #clockOffsetMs = 0;

  constructor(opts: SalesforceSimOptions = {}) {
    this.approval = opts.approval ?? 'auto';
    this.defaultCallbackUrls = opts.defaultCallbackUrls ?? [DEFAULT_CALLBACK_URL];
  }

  /** The simulator's clock: wall time plus whatever control has advanced it by. */
  now(): number {
    return Date.now() + this.#clockOffsetMs;
  }

  advanceClock(ms: number): void {
    this.#clockOffsetMs += ms;
  }

  nextId(prefix: string): string {
    const serial = (this.#serials.get(prefix) ?? 0) + 1;
    this.#serials.set(prefix, serial);
    return makeSalesforceId(prefix, '5g0', 1_000_000 + serial);
  }

  createOrg(input: CreateOrgInput): SimOrg {
    const sandbox = input.sandbox ?? false;
    const name = input.name.toLowerCase();
    const myDomain = (
      input.myDomain ?? (sandbox ? `${name}--${input.sandboxName ?? 'uat'}.sandbox.my.salesforce.com` : `${name}.my.salesforce.com`)
    ).toLowerCase();
    for (const o of this.orgs.values()) {
      if (o.myDomain === myDomain) throw new Error(`an org with My Domain ${myDomain} already exists`);
    }
    const id = this.nextId('00D');
    const siteHost = input.site === true ? `${name}.my.site.com` : typeof input.site === 'string' ? input.site.toLowerCase() : undefined;
    const org: SimOrg = {
      id,
      name,
      myDomain,
      sandbox,
      ...(siteHost !== undefined ? { siteHost, siteId: this.nextId('0DB') } : {}),
      instanceUrl: `https://${myDomain}`,
      users: [],
      apps: [],
      data: new OrgData({
        orgId: id,
        myDomain,
        now: () => this.now(),
        ...(input.dailyApiMax !== undefined ? { dailyApiMax: input.dailyApiMax } : {}),
      }),
      sessionSeconds: input.sessionSeconds ?? DEFAULT_SESSION_SECONDS,
      active: true,
      ...(input.tokenRequestsPerHour !== undefined ? { tokenRequestsPerHour: input.tokenRequestsPerHour } : {}),
    };
    this.orgs.set(id, org);
    return org;
  }

  createUser(orgId: string, input: CreateUserInput): SimUser {
    const org = this.#org(orgId);
    const username = input.username.toLowerCase();
    if (this.#allUsers().some((u) => u.username === username)) throw new Error(`username ${username} is taken`);
    const local = username.split('@')[0] ?? username;
    const user: SimUser = {
      id: this.nextId('005'),
      username,
      active: input.active ?? true,
      orgId: org.id,
      password: input.password ?? 'password',
      firstName: input.firstName ?? local.charAt(0).toUpperCase() + local.slice(1),
      lastName: input.lastName ?? 'User',
      email: input.email ?? username,
    };
    org.users.push(user);
    org.data.syncUsers(org.users);
    return user;
  }

  /** A deactivated user's sessions stop working and refreshes fail with `inactive user` (spec/salesforce.md §1.8). */
  setUserActive(orgId: string, userId: string, active: boolean): SimUser {
    const org = this.#org(orgId);
    const user = this.findUser(orgId, userId);
    if (!user) throw new Error(`no user ${userId} in org ${orgId}`);
    user.active = active;
    org.data.syncUsers(org.users);
    return user;
  }

  createApp(orgId: string, input: CreateAppInput = {}): SimApp {
    const org = this.#org(orgId);
    const app: SimApp = {
      clientId: `3MVG9${randomBytes(60).toString('base64url').replace(/-/g, '.')}`,
      clientSecret: randomBytes(32).toString('hex').toUpperCase(),
      name: input.name ?? `terapi app ${org.apps.length + 1}`,
      orgId: org.id,
      callbackUrls: input.callbackUrls ?? [...this.defaultCallbackUrls],
      scopes: input.scopes ?? ['api', 'refresh_token', 'offline_access', 'id'],
      pkceRequired: input.pkceRequired ?? false,
      rotateRefreshTokens: input.rotateRefreshTokens ?? false,
      introspectAll: input.introspectAll ?? true,
      requireSecret: input.requireSecret ?? true,
      clientCredentialsEnabled: input.clientCredentialsEnabled ?? false,
      preAuthorizedUsers: input.preAuthorizedUsers ?? [],
      adminApprovedUsersOnly: input.adminApprovedUsersOnly ?? false,
      passwordFlowEnabled: input.passwordFlowEnabled ?? true,
    };
    this.#applySettings(app, input);
    org.apps.push(app);
    return app;
  }

  updateApp(clientId: string, patch: Partial<AppSettings>): SimApp {
    const app = this.findApp(clientId);
    if (!app) throw new Error(`no app with client id ${clientId}`);
    this.#applySettings(app, patch);
    return app;
  }

  #applySettings(app: SimApp, patch: Partial<AppSettings>): void {
    for (const key of Object.keys(patch) as (keyof AppSettings)[]) {
      if (patch[key] !== undefined) Object.assign(app, { [key]: patch[key] });
    }
  }

  findApp(clientId: string): SimApp | undefined {
    for (const org of this.orgs.values()) {
      const app = org.apps.find((a) => a.clientId === clientId);
      if (app) return app;
    }
    return undefined;
  }

  /**
   * The app a consumer key names, as seen from `host`: login.salesforce.com knows only production orgs' apps and
   * test.salesforce.com only sandboxes' (the sandbox-vs-production gotcha of spec/salesforce.md §0), a My Domain or
   * site only its own org's.
   */
  findAppForHost(clientId: string, host: ResolvedHost): SimApp | undefined {
    const app = this.findApp(clientId);
    if (!app) return undefined;
    const org = this.#org(app.orgId);
    if (host.kind === 'login' || host.kind === 'bare') return org.sandbox ? undefined : app;
    if (host.kind === 'test') return org.sandbox ? app : undefined;
    return host.org?.id === org.id ? app : undefined;
  }

  findUser(orgId: string, idOrUsername: string): SimUser | undefined {
    const key = idOrUsername.toLowerCase();
    return this.orgs.get(orgId)?.users.find((u) => u.id.toLowerCase() === key || u.username === key);
  }

  getOrg(orgId: string): SimOrg | undefined {
    return this.orgs.get(orgId);
  }

  /** Records one token grant for the org and returns how many it had in the last hour (sim clock). */
  countTokenGrant(orgId: string): number {
    const now = this.now();
    const recent = (this.#tokenGrants.get(orgId) ?? []).filter((t) => t > now - 60 * 60 * 1000);
    recent.push(now);
    this.#tokenGrants.set(orgId, recent);
    return recent.length;
  }

  setOrgActive(orgId: string, active: boolean): SimOrg {
    const org = this.#org(orgId);
    org.active = active;
    return org;
  }

  recordApproval(app: SimApp, user: SimUser): void {
    this.#approvals.add(`${app.clientId} ${user.id}`);
  }

  isPreAuthorized(app: SimApp, user: SimUser): boolean {
    return app.preAuthorizedUsers.some((p) => p === user.id || p.toLowerCase() === user.username);
  }

  /** spec/salesforce.md §1.6: JWT bearer needs an admin pre-authorization or an earlier interactive approval. */
  hasApproved(app: SimApp, user: SimUser): boolean {
    return this.#approvals.has(`${app.clientId} ${user.id}`) || this.isPreAuthorized(app, user);
  }

  resolveHost(host: string): ResolvedHost | undefined {
    const name = hostnameOf(host);
    if (name === LOGIN_HOST) return { kind: 'login' };
    if (name === TEST_HOST) return { kind: 'test' };
    if (isBareHost(name)) return { kind: 'bare' };
    for (const org of this.orgs.values()) {
      if (org.myDomain === name) return { kind: 'my-domain', org };
      if (org.siteHost === name) return { kind: 'site', org };
    }
    return undefined;
  }

  /** The live access token an `Authorization: Bearer|OAuth <token>` header carries, with its org and active user. */
  bearerSession(headers: IncomingHttpHeaders): { token: IssuedToken; org: SimOrg; user: SimUser } | undefined {
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(headers.authorization ?? '');
    const token = match?.[1] === undefined ? undefined : this.tokens.get(match[1]);
    if (!token || token.kind !== 'access' || !this.tokens.isLive(token, this.now())) return undefined;
    const org = this.orgs.get(token.orgId);
    const user = org?.users.find((u) => u.id === token.userId);
    if (!org || !org.active || !user || !user.active) return undefined;
    return { token, org, user };
  }

  /**
   * spec/salesforce.md §3.11 and §1.3 note: an unknown, expired or revoked session, or one used on another org's
   * host, gets 401 INVALID_SESSION_ID. The bare origin serves the token's own org (operations.md).
   */
  authenticateRest(headers: IncomingHttpHeaders, host: string): { org: SimOrg; user: SimUser } | RestAuthFailure {
    const session = this.bearerSession(headers);
    const resolved = this.resolveHost(host);
    if (!session || !resolved) return invalidSessionResponse();
    if (resolved.kind !== 'bare' && resolved.org?.id !== session.org.id) return invalidSessionResponse();
    return { org: session.org, user: session.user };
  }

  /** spec/salesforce.md §1.3 note, §1.5: the identity host is login/test, or the org's own domain for client credentials. */
  identityUrl(org: SimOrg, user: SimUser, onOrgDomain = false): string {
    const host = onOrgDomain ? org.myDomain : org.sandbox ? TEST_HOST : LOGIN_HOST;
    return `https://${host}/id/${org.id}/${user.id}`;
  }

  #org(orgId: string): SimOrg {
    const org = this.orgs.get(orgId);
    if (!org) throw new Error(`no org with id ${orgId}`);
    return org;
  }

  #allUsers(): SimUser[] {
    return [...this.orgs.values()].flatMap((o) => o.users);
  }
}
