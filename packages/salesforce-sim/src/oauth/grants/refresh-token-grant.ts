import { authenticateClient, readClientCredentials } from '../client-auth.js';
import { expiredToken, inactiveUser } from '../oauth-error.js';
import { issueSession, tokenResponseBody } from '../token-response.js';
import type { GrantContext } from './grant-context.js';

/** spec/salesforce.md §1.4: no new refresh token unless the app rotates them; reuse of a rotated-out one revokes the family. */
export function refreshTokenGrant({ sim, host, form, headers }: GrantContext): Record<string, string> {
  const app = authenticateClient(sim, host, readClientCredentials(headers, form), 'per-app');
  const old = form.refresh_token === undefined ? undefined : sim.tokens.get(form.refresh_token);
  if (!old || old.kind !== 'refresh' || old.clientId !== app.clientId || old.revoked) throw expiredToken();
  if (old.rotatedOut) {
    sim.tokens.revokeFamily(old.family);
    throw expiredToken();
  }
  const org = sim.getOrg(old.orgId);
  const user = org?.users.find((u) => u.id === old.userId);
  if (!org || !user) throw expiredToken();
  if (!user.active) throw inactiveUser();
  const grant = { org, user, app, scope: old.scope, family: old.family, withRefreshToken: false };
  if (app.rotateRefreshTokens) {
    old.rotatedOut = true;
    const { access, refresh } = issueSession(sim, { ...grant, withRefreshToken: true });
    return tokenResponseBody(sim, { org, user, app, access, ...(refresh ? { refresh } : {}) });
  }
  const { access } = issueSession(sim, grant, old);
  return tokenResponseBody(sim, { org, user, app, access });
}
