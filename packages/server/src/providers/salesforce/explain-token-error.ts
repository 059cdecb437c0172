// Salesforce's token-endpoint refusals that users hit most, turned into messages that say what to do
// (spec/salesforce.md §1.5, §1.6, §1.8; issue 4). The payload keeps Salesforce's own error so callers (and
// the credential lifecycle's invalid_grant rule) still see it.
import { TerapiError } from '../../errors/terapi-error.js';
import type { TokenErrorContext } from '../provider-hooks.js';

const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export function explainSalesforceTokenError(ctx: TokenErrorContext): TerapiError | undefined {
  const body = (ctx.body && typeof ctx.body === 'object' ? ctx.body : {}) as { error?: string; error_description?: string };
  const description = body.error_description ?? '';
  const detail = { status: ctx.status, error: body.error, error_description: description, url: ctx.url };
  const host = new URL(ctx.url).hostname;
  if (body.error === 'invalid_client_id') {
    // login.salesforce.com knows only production apps and test.salesforce.com only sandbox ones (spec/salesforce.md §0).
    const key = host === 'login.salesforce.com' ? 'salesforce_invalid_client_id.on_production_login' : host === 'test.salesforce.com' ? 'salesforce_invalid_client_id.on_sandbox_login' : 'salesforce_invalid_client_id';
    return new TerapiError(key, undefined, { payload: detail });
  }
  if (description === 'request not supported on this domain') return new TerapiError('salesforce_client_credentials_host', undefined, { payload: detail });
  if (description === 'inactive user') return new TerapiError('salesforce_inactive_user', undefined, { payload: detail });
  if (description === "user hasn't approved this consumer") return new TerapiError('salesforce_jwt_not_approved', undefined, { payload: detail });
  if (ctx.grantType === JWT_BEARER && description === 'invalid assertion') return new TerapiError('salesforce_jwt_invalid_assertion', undefined, { payload: detail });
  const wrongEnvironment =
    description === 'audience is invalid' || (GENERIC_LOGIN_HOSTS.has(host) && body.error === 'invalid_grant' && description === 'authentication failure');
  if (wrongEnvironment) {
    const key =
      host === 'login.salesforce.com'
        ? 'salesforce_wrong_environment.on_production_login'
        : host === 'test.salesforce.com'
          ? 'salesforce_wrong_environment.on_sandbox_login'
          : 'salesforce_wrong_environment.on_my_domain';
    return new TerapiError(key, { host, description }, { payload: detail });
  }
  return undefined;
}
