// Salesforce's token-endpoint refusals that users hit most, turned into messages that say what to do
// (spec/salesforce.md §1.5, §1.6, §1.8; issue 4).
import { TerapiError } from '../../errors/terapi-error.js';
import type { TokenErrorContext } from '../provider-hooks.js';

const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

export function explainSalesforceTokenError(ctx: TokenErrorContext): TerapiError | undefined {
  const body = (ctx.body && typeof ctx.body === 'object' ? ctx.body : {}) as { error?: string; error_description?: string };
  const description = body.error_description ?? '';
  const detail = { status: ctx.status, error: body.error, error_description: description, url: ctx.url };
  const host = new URL(ctx.url).hostname;
  if (body.error === 'invalid_client_id') return new TerapiError('salesforce_invalid_client_id', undefined, { payload: detail });
  if (description === 'request not supported on this domain') {
    return new TerapiError('salesforce_client_credentials_host', undefined, { payload: detail });
  }
  const wrongEnvironment =
    description === 'audience is invalid' ||
    (GENERIC_LOGIN_HOSTS.has(host) && body.error === 'invalid_grant' && description === 'authentication failure');
  if (wrongEnvironment) {
    const message =
      `Salesforce at ${host} refused the login (${description}). ` +
      (host === 'login.salesforce.com'
        ? 'If this is a sandbox org, use the salesforce-sandbox integration (test.salesforce.com) or give its My Domain.'
        : 'If this is a production org, use the salesforce integration (login.salesforce.com) or give its My Domain.');
    return new TerapiError('salesforce_wrong_environment', message, { payload: detail });
  }
  return undefined;
}
