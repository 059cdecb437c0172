import { createHmac } from 'node:crypto';
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

export function issueSession(sim: SalesforceSim, grant: SessionGrant, refresh?: IssuedToken): { access: IssuedToken; refresh?: IssuedToken } {
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

export interface TokenResponseInput {
  org: SimOrg;
  user: SimUser;
  app: SimApp;
  access: IssuedToken;
  refresh?: IssuedToken;
  /** Client credentials name the org's own domain in `id` (spec/salesforce.md §1.5). */
  idOnOrgDomain?: boolean;
  siteHost?: string;
}

/**
 * spec/salesforce.md §1.2–1.3: field order of a captured response, no `expires_in`, `issued_at` in ms as a string,
 * `signature` = base64 HMAC-SHA256 of `id + issued_at` keyed with the consumer secret.
 */
export function tokenResponseBody(sim: SalesforceSim, input: TokenResponseInput): Record<string, string> {
  const id = sim.identityUrl(input.org, input.user, input.idOnOrgDomain ?? false);
  const issuedAt = String(input.access.issuedAt);
  const signature = createHmac('sha256', input.app.clientSecret).update(id + issuedAt).digest('base64');
  return {
    access_token: input.access.value,
    ...(input.refresh ? { refresh_token: input.refresh.value } : {}),
    signature,
    scope: input.access.scope,
    instance_url: input.org.instanceUrl,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    // spec/salesforce.md §1.3: Experience Cloud responses name the community.
    ...(input.siteHost !== undefined
      ? { sfdc_community_url: `https://${input.siteHost}`, sfdc_community_id: input.org.siteId ?? '' }
      : {}),
  };
}
