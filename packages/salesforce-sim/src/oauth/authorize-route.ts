import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestHost } from '../hosts/host-routing.js';
import type { SalesforceSim, SimApp, SimUser } from '../salesforce-sim.js';
import { consentPage, loginFailedPage, oauthErrorPage } from './authorize-pages.js';
import { paramsOf } from './form-body.js';

const HTML = 'text/html;charset=UTF-8';

/**
 * spec/salesforce.md §1.1: `GET /services/oauth2/authorize` (and the consent page's POST back).
 * Checks run in the order a browser sees them: client, callback URL (both on an error page), then redirected errors.
 */
export function registerAuthorizeRoute(scope: FastifyInstance, sim: SalesforceSim): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = paramsOf(request);
    const app = params.client_id === undefined ? undefined : sim.findAppForHost(params.client_id, requestHost(request));
    if (!app) return reply.code(400).type(HTML).send(oauthErrorPage('invalid_client_id', 'client identifier invalid'));
    const redirectUri = params.redirect_uri;
    if (redirectUri === undefined || !app.callbackUrls.includes(redirectUri)) {
      return reply.code(400).type(HTML).send(oauthErrorPage('redirect_uri_mismatch', 'redirect_uri must match configuration'));
    }
    const redirect = (query: Record<string, string>) => {
      const url = new URL(redirectUri);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      if (params.state !== undefined) url.searchParams.set('state', params.state);
      return reply.redirect(url.toString(), 302);
    };
    if (params.response_type !== 'code') {
      return redirect({ error: 'unsupported_response_type', error_description: 'response type not supported' });
    }
    if (params.code_challenge === undefined && app.pkceRequired) {
      return redirect({ error: 'invalid_request', error_description: 'missing required code challenge' });
    }
    // spec/salesforce.md §1.1: jsforce sends no method (S256 implied); `S256` is accepted, `plain` is not.
    if (params.code_challenge_method !== undefined && params.code_challenge_method !== 'S256') {
      return redirect({ error: 'invalid_request', error_description: 'invalid code challenge method' });
    }
    const user = chooseUser(sim, app, params.username ?? params.login_hint);
    if (!user) return reply.code(200).type(HTML).send(loginFailedPage());
    const decision = request.method === 'POST' ? params.decision : (app.approval ?? sim.approval) === 'deny' ? 'deny' : undefined;
    if (decision === 'deny') return redirect({ error: 'access_denied', error_description: 'end-user denied authorization' });
    if (decision !== 'allow' && (app.approval ?? sim.approval) === 'consent-page') {
      const org = sim.getOrg(app.orgId);
      return reply.code(200).type(HTML).send(consentPage(app, org?.users ?? [], user, params));
    }
    const host = requestHost(request);
    const code = sim.codes.issue(
      {
        clientId: app.clientId,
        orgId: app.orgId,
        userId: user.id,
        redirectUri,
        scope: grantedScope(app, params.scope),
        ...(params.code_challenge !== undefined ? { codeChallenge: params.code_challenge } : {}),
        ...(params.nonce !== undefined ? { nonce: params.nonce } : {}),
        ...(host.kind === 'site' && host.org?.siteHost !== undefined ? { siteHost: host.org.siteHost } : {}),
      },
      sim.now(),
    );
    return redirect({ code: code.value });
  };
  scope.get('/services/oauth2/authorize', { config: { endpoint: 'oauth2.authorize' } }, handler);
  scope.post('/services/oauth2/authorize', { config: { endpoint: 'oauth2.authorize' } }, handler);
}

/** The `login_hint` (or consent-page) user, else the org's first active user; an unknown or inactive user cannot log in. */
function chooseUser(sim: SalesforceSim, app: SimApp, username: string | undefined): SimUser | undefined {
  if (username !== undefined && username !== '') {
    const user = sim.findUser(app.orgId, username);
    return user?.active ? user : undefined;
  }
  return sim.getOrg(app.orgId)?.users.find((u) => u.active);
}

function grantedScope(app: SimApp, requested: string | undefined): string {
  const scopes = (requested ?? '').split(/[\s+]+/).filter((s) => s !== '');
  return [...new Set(scopes.length > 0 ? scopes : app.scopes)].join(' ');
}
