import { randomUUID } from 'node:crypto';
import { authenticateClient, readClientCredentials } from '../client-auth.js';
import { inactiveUser, OAuthError } from '../oauth-error.js';
import { admitUser, issueSession, tokenResponseBody } from '../token-response.js';
import { withoutRefreshScopes } from './client-credentials-grant.js';
import type { GrantContext } from './grant-context.js';

const authenticationFailure = (): OAuthError => new OAuthError('invalid_grant', 'authentication failure');

/**
 * The username-password flow: `authentication failure` for a bad username or password or an app that blocks the
 * flow (spec/salesforce.md §1.8). No refresh token. Users' passwords are set through the control API.
 */
export function passwordGrant({ sim, host, form, headers, bareOrigin }: GrantContext): Record<string, string> {
  const app = authenticateClient(sim, host, readClientCredentials(headers, form), 'always');
  const org = sim.getOrg(app.orgId);
  const user = form.username === undefined ? undefined : sim.findUser(app.orgId, form.username);
  if (!org || !user || !app.passwordFlowEnabled || form.password !== user.password) throw authenticationFailure();
  if (!user.active) throw inactiveUser();
  admitUser(sim, app, user);
  const scope = withoutRefreshScopes(app.scopes);
  const { access } = issueSession(sim, { org, user, app, scope, family: randomUUID(), withRefreshToken: false });
  return tokenResponseBody(sim, { bareOrigin, org, user, app, access });
}
