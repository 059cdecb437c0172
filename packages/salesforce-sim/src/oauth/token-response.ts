import { createHmac } from 'node:crypto';
import { loginHostFor } from '../hosts/host-kind.js';
import { OAuthError } from './oauth-error.js';
import type { SalesforceSim, SimApp, SimOrg, SimUser } from '../salesforce-sim.js';
import type { IssuedToken } from './token-store.js';

export interface SessionGrant {
  org: SimOrg;
  user: SimUser;
  app: SimApp;
  scope: string;
  /** The authorization's token family (spec/salesforce.md §1.4). */
  family: string;
  withRefreshToken: boolean;
}

/** spec/salesforce.md §1.1: a refresh token only when `refresh_token` or `offline_access` was granted. */
export function grantsRefreshToken(scope: string): boolean {
  return scope.split(' ').some((s) => s === 'refresh_token' || s === 'offline_access');
}

/**
 * spec/salesforce.md §1.8: an inactive org gets `inactive_org`, an org over its token-grant allowance
 * `rate_limit_exceeded` (descriptions [unverified]); every grant passes here before a token is issued.
 */
export function admitGrant(sim: SalesforceSim, org: SimOrg): void {
  if (!org.active) throw new OAuthError('inactive_org', 'organization is inactive');
  if (org.tokenRequestsPerHour !== undefined && sim.countTokenGrant(org.id) > org.tokenRequestsPerHour) {
    throw new OAuthError('rate_limit_exceeded', 'rate limit exceeded');
  }
}

/** spec/salesforce.md §1.8: with "admin approved users are pre-authorized", other users get `invalid_app_access`. */
export function admitUser(sim: SalesforceSim, app: SimApp, user: SimUser): void {
  if (app.adminApprovedUsersOnly && !sim.isPreAuthorized(app, user)) {
    throw new OAuthError('invalid_app_access', 'user is not admin approved to access this app');
  }
}

export function issueSession(sim: SalesforceSim, grant: SessionGrant, refresh?: IssuedToken): { access: IssuedToken; refresh?: IssuedToken } {
  admitGrant(sim, grant.org);
  const now = sim.now();
  const common = { orgId: grant.org.id, userId: grant.user.id, clientId: grant.app.clientId, scope: grant.scope, issuedAt: now, family: grant.family };
  const newRefresh = refresh ?? (grant.withRefreshToken ? sim.tokens.issueRefresh(common) : undefined);
  const access = sim.tokens.issueAccess({
    ...common,
    expiresAt: now + grant.org.sessionSeconds * 1000,
    ...(newRefresh ? { refreshToken: newRefresh.value } : {}),
  });
  return { access, ...(newRefresh ? { refresh: newRefresh } : {}) };
}

/** spec/salesforce.md §1.3: an id_token only when `openid` was granted; its issuer is the login host of the flow. */
export async function idTokenFor(sim: SalesforceSim, org: SimOrg, user: SimUser, app: SimApp, access: IssuedToken, nonce?: string): Promise<string | undefined> {
  if (!access.scope.split(' ').includes('openid')) return undefined;
  return sim.idTokens.sign({
    issuer: `https://${loginHostFor(org.sandbox)}`,
    subject: sim.identityUrl(org, user),
    clientId: app.clientId,
    accessToken: access.value,
    nowMs: sim.now(),
    ...(nonce !== undefined ? { nonce } : {}),
  });
}

export interface TokenResponseInput {
  org: SimOrg;
  user: SimUser;
  app: SimApp;
  access: IssuedToken;
  refresh?: IssuedToken;
  /** Client credentials name the org's own domain in `id` (spec/salesforce.md §1.5). */
  idOnOrgDomain?: boolean;
  siteHost?: string;
  bareOrigin?: string;
  idToken?: string;
}

/**
 * spec/salesforce.md §1.2–1.3: field order of a captured response, no `expires_in`, `issued_at` in ms as a string,
 * `signature` = base64 HMAC-SHA256 of `id + issued_at` keyed with the consumer secret.
 */
export function tokenResponseBody(sim: SalesforceSim, input: TokenResponseInput): Record<string, string> {
  const id =
    input.bareOrigin !== undefined
      ? `${input.bareOrigin}/id/${input.org.id}/${input.user.id}`
      : sim.identityUrl(input.org, input.user, input.idOnOrgDomain ?? false);
  const issuedAt = String(input.access.issuedAt);
  const signature = createHmac('sha256', input.app.clientSecret).update(id + issuedAt).digest('base64');
  return {
    access_token: input.access.value,
    ...(input.refresh ? { refresh_token: input.refresh.value } : {}),
    signature,
    scope: input.access.scope,
    ...(input.idToken !== undefined ? { id_token: input.idToken } : {}),
    instance_url: input.bareOrigin ?? input.org.instanceUrl,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    // spec/salesforce.md §1.3: Experience Cloud responses name the community.
    ...(input.siteHost !== undefined
      ? { sfdc_community_url: `https://${input.siteHost}`, sfdc_community_id: input.org.siteId ?? '' }
      : {}),
  };
}
