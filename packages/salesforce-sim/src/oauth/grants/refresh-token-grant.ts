import { authenticateClient, readClientCredentials } from '../client-auth.js';
import { expiredToken, inactiveUser } from '../oauth-error.js';
import { admitUser, idTokenFor, issueSession, tokenResponseBody } from '../token-response.js';
import type { GrantContext } from './grant-context.js';

/** spec/salesforce.md §1.4: no new refresh token unless the app rotates them; reuse of a rotated-out one revokes the family. */
export async function refreshTokenGrant({ sim, host, form, headers, bareOrigin }: GrantContext): Promise<Record<string, string>> {
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
  admitUser(sim, app, user);
  const grant = { org, user, app, scope: old.scope, family: old.family, withRefreshToken: false };
  if (app.rotateRefreshTokens) {
    old.rotatedOut = true;
    const { access, refresh } = issueSession(sim, { ...grant, withRefreshToken: true });
    const idToken = await idTokenFor(sim, org, user, app, access);
    return tokenResponseBody(sim, { idToken, bareOrigin, org, user, app, access, refresh });
  }
  const { access } = issueSession(sim, grant, old);
  const idToken = await idTokenFor(sim, org, user, app, access);
  return tokenResponseBody(sim, { idToken, bareOrigin, org, user, app, access });
}
