import { randomUUID } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, importSPKI, importX509, type JWTPayload } from 'jose';
import { LOGIN_HOST, loginHostFor, TEST_HOST } from '../../hosts/host-kind.js';
import type { ResolvedHost, SimApp } from '../../salesforce-sim.js';
import { inactiveUser, invalidClientId, OAuthError } from '../oauth-error.js';
import { issueSession, tokenResponseBody } from '../token-response.js';
import { withoutRefreshScopes } from './client-credentials-grant.js';
import type { GrantContext } from './grant-context.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// spec/salesforce.md §1.6: about 3 minutes of clock skew past `exp`.
const EXP_SKEW_MS = 3 * 60 * 1000;

const invalidAssertion = (): OAuthError => new OAuthError('invalid_grant', 'invalid assertion');

/** spec/salesforce.md §1.6: RS256 only; `iss` consumer key, `sub` username, `aud` the login host or site URL, `exp`. */
export async function jwtBearerGrant({ sim, host, form, bareOrigin }: GrantContext): Promise<Record<string, string>> {
  const assertion = form.assertion ?? '';
  let claims: JWTPayload;
  try {
    if (decodeProtectedHeader(assertion).alg !== 'RS256') throw invalidAssertion();
    claims = decodeJwt(assertion);
  } catch {
    throw invalidAssertion();
  }
  const app = typeof claims.iss === 'string' ? sim.findAppForHost(claims.iss, host) : undefined;
  if (!app) throw invalidClientId();
  if (!(await signatureVerifies(app, assertion))) throw invalidAssertion();
  const org = sim.getOrg(app.orgId);
  if (!org) throw invalidClientId();
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  if (!audiences.includes(expectedAudience(host, org.sandbox))) throw new OAuthError('invalid_grant', 'audience is invalid');
  // spec/salesforce.md §1.6: a stale `exp` surfaces as `expired authorization code`.
  if (typeof claims.exp !== 'number') throw invalidAssertion();
  if (claims.exp * 1000 + EXP_SKEW_MS < sim.now()) throw new OAuthError('invalid_grant', 'expired authorization code');
  // Some clients send the legacy `prn` claim in place of `sub` (spec/salesforce.md §1.6).
  const subject = typeof claims.sub === 'string' ? claims.sub : typeof claims.prn === 'string' ? claims.prn : undefined;
  const user = subject === undefined ? undefined : sim.findUser(org.id, subject);
  if (!user) throw invalidAssertion();
  if (!user.active) throw inactiveUser();
  if (!sim.hasApproved(app, user)) throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
  const scope = withoutRefreshScopes(app.scopes);
  const { access } = issueSession(sim, { org, user, app, scope, family: randomUUID(), withRefreshToken: false });
  // spec/salesforce.md §8.6: whether `signature` and `issued_at` appear is open; the simulator keeps them, as every other grant does.
  return tokenResponseBody(sim, { bareOrigin, org, user, app, access, siteHost: host.kind === 'site' ? host.org?.siteHost : undefined });
}

function expectedAudience(host: ResolvedHost, sandbox: boolean): string {
  if (host.kind === 'site' && host.org?.siteHost !== undefined) return `https://${host.org.siteHost}`;
  if (host.kind === 'login' || host.kind === 'bare') return `https://${LOGIN_HOST}`;
  if (host.kind === 'test') return `https://${TEST_HOST}`;
  return `https://${loginHostFor(sandbox)}`;
}

async function signatureVerifies(app: SimApp, assertion: string): Promise<boolean> {
  const pem = app.certificatePem;
  if (pem === undefined) return false;
  try {
    const key = pem.includes('BEGIN CERTIFICATE') ? await importX509(pem, 'RS256') : await importSPKI(pem, 'RS256');
    await compactVerify(assertion, key, { algorithms: ['RS256'] });
    return true;
  } catch {
    return false;
  }
}
