// Salesforce's token-endpoint refusals that users hit most, turned into messages that say what to do
// (spec/salesforce.md §1.5, §1.6, §1.8; issue 4). The payload keeps Salesforce's own error so callers (and
// the credential lifecycle's invalid_grant rule) still see it.
import { ERROR_CODES } from '../../errors/error-codes.js';
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
    const other = host === 'login.salesforce.com' ? 'a sandbox (use salesforce-sandbox or test.salesforce.com)' : 'production (use salesforce or login.salesforce.com)';
    const message = GENERIC_LOGIN_HOSTS.has(host) ? `${ERROR_CODES.salesforce_invalid_client_id.message} If the connected app lives in ${other}, ${host} does not know it.` : undefined;
    return new TerapiError('salesforce_invalid_client_id', message, { payload: detail });
  }
  if (description === 'request not supported on this domain') return new TerapiError('salesforce_client_credentials_host', undefined, { payload: detail });
  if (description === 'inactive user') return new TerapiError('salesforce_inactive_user', undefined, { payload: detail });
  if (description === "user hasn't approved this consumer") return new TerapiError('salesforce_jwt_not_approved', undefined, { payload: detail });
  if (ctx.grantType === JWT_BEARER && description === 'invalid assertion') return new TerapiError('salesforce_jwt_invalid_assertion', undefined, { payload: detail });
  const wrongEnvironment =
    description === 'audience is invalid' || (GENERIC_LOGIN_HOSTS.has(host) && body.error === 'invalid_grant' && description === 'authentication failure');
  if (wrongEnvironment) {
    const message =
      `Salesforce at ${host} refused the login (${description}). ` +
      (host === 'login.salesforce.com'
        ? 'If this is a sandbox org, use the salesforce-sandbox integration (test.salesforce.com) or give its My Domain.'
        : host === 'test.salesforce.com'
          ? 'If this is a production org, use the salesforce integration (login.salesforce.com) or give its My Domain.'
          : 'A sandbox org takes https://test.salesforce.com as the JWT audience and a production org https://login.salesforce.com: set the login host to match the org.');
    return new TerapiError('salesforce_wrong_environment', message, { payload: detail });
  }
  return undefined;
}
