import { randomUUID } from 'node:crypto';
import { authenticateClient, readClientCredentials } from '../client-auth.js';
import { inactiveUser, OAuthError } from '../oauth-error.js';
import { issueSession, tokenResponseBody } from '../token-response.js';
import type { GrantContext } from './grant-context.js';

/** spec/salesforce.md §1.5: My Domain only, the app must enable the flow and name a Run-As user; no refresh token. */
export function clientCredentialsGrant({ sim, host, form, headers }: GrantContext): Record<string, string> {
  if (host.kind !== 'my-domain') throw new OAuthError('invalid_grant', 'request not supported on this domain');
  const app = authenticateClient(sim, host, readClientCredentials(headers, form), 'always');
  if (!app.clientCredentialsEnabled) throw new OAuthError('invalid_grant', 'client credentials flow not enabled');
  const org = sim.getOrg(app.orgId);
  const user = app.clientCredentialsUser === undefined ? undefined : sim.findUser(app.orgId, app.clientCredentialsUser);
  if (!org || !user) throw new OAuthError('invalid_grant', 'no client credentials user enabled');
  if (!user.active) throw inactiveUser();
  const scope = withoutRefreshScopes(app.scopes);
  const { access } = issueSession(sim, { org, user, app, scope, family: randomUUID(), withRefreshToken: false });
  return tokenResponseBody(sim, { org, user, app, access, idOnOrgDomain: true });
}

export function withoutRefreshScopes(scopes: readonly string[]): string {
  return scopes.filter((s) => s !== 'refresh_token' && s !== 'offline_access').join(' ');
}
