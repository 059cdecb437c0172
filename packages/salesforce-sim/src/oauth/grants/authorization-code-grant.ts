import { createHash, randomUUID } from 'node:crypto';
import { authenticateClient, readClientCredentials } from '../client-auth.js';
import { inactiveUser, OAuthError } from '../oauth-error.js';
import { admitUser, grantsRefreshToken, idTokenFor, issueSession, tokenResponseBody } from '../token-response.js';
import type { GrantContext } from './grant-context.js';

/** spec/salesforce.md §1.3, PKCE per §1.1. */
export async function authorizationCodeGrant({ sim, host, form, headers, bareOrigin }: GrantContext): Promise<Record<string, string>> {
  const app = authenticateClient(sim, host, readClientCredentials(headers, form), 'per-app');
  const code = form.code === undefined ? undefined : sim.codes.get(form.code);
  if (!code || code.clientId !== app.clientId) throw new OAuthError('invalid_grant', 'invalid authorization code');
  if (code.used || code.expiresAt <= sim.now()) throw new OAuthError('invalid_grant', 'expired authorization code');
  if (form.redirect_uri !== code.redirectUri) throw new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
  if (code.codeChallenge !== undefined) {
    // spec/salesforce.md §1.1: a missing verifier is invalid_grant, a wrong one invalid_request (wording [unverified]).
    if (form.code_verifier === undefined) throw new OAuthError('invalid_grant', 'invalid code verifier');
    const hashed = createHash('sha256').update(form.code_verifier).digest('base64url');
    if (hashed !== code.codeChallenge) throw new OAuthError('invalid_request', 'invalid code verifier');
  }
  const org = sim.getOrg(code.orgId);
  const user = org?.users.find((u) => u.id === code.userId);
  if (!org || !user) throw new OAuthError('invalid_grant', 'invalid authorization code');
  code.used = true;
  if (!user.active) throw inactiveUser();
  admitUser(sim, app, user);
  sim.recordApproval(app, user);
  const { access, refresh } = issueSession(sim, {
    org,
    user,
    app,
    scope: code.scope,
    family: randomUUID(),
    withRefreshToken: grantsRefreshToken(code.scope),
  });
  const idToken = await idTokenFor(sim, org, user, app, access, code.nonce);
  return tokenResponseBody(sim, { idToken, bareOrigin, org, user, app, access, refresh, siteHost: code.siteHost });
}

