// Everything Salesforce-specific that its catalog.yaml cannot say, as named hooks (STYLE.md habit 6).
import { TerapiError } from '../../errors/terapi-error.js';
import type { ProviderHooks } from '../provider-hooks.js';
import { explainSalesforceTokenError } from './explain-token-error.js';
import { introspectSalesforceToken } from './introspect-token.js';
import { parseIdentityUrl } from './identity-url.js';
import { apiUsageFromSforceLimitInfo, isSalesforceRateLimited } from './api-usage-header.js';
import { receiveSalesforceWebhook, salesforceWebhookSetup } from './webhooks/receive-salesforce-webhook.js';

// 401s that a new token does not fix (spec/salesforce.md §3.11; jsforce skips refreshing on these too).
const NOT_FIXED_BY_REFRESH = [
  'This session is not valid for use with the REST API',
  'Connected app is not attached to Agent',
  'BlackTab users cannot perform API operations',
];

export const salesforceHooks: ProviderHooks = {
  connectionConfigFromTokenResponse(raw) {
    const out: Record<string, unknown> = {};
    const identity = parseIdentityUrl(raw.id);
    if (identity) {
      out.org_id = identity.orgId;
      out.user_id = identity.userId;
    }
    // Data Cloud tenants come back with or without a scheme (spec/salesforce.md §1.7, §8.5).
    if (typeof raw.instance_url === 'string' && raw.instance_url && !/^https?:\/\//.test(raw.instance_url)) {
      out.instance_url = `https://${raw.instance_url}`;
    }
    return out;
  },

  introspect: introspectSalesforceToken,

  explainTokenError: explainSalesforceTokenError,

  checkTokenResponse(raw, { grantType }) {
    // A refresh token is issued only with the refresh_token/offline_access scope (spec/salesforce.md §1.1).
    if (grantType === 'authorization_code' && typeof raw.refresh_token !== 'string') {
      return new TerapiError('salesforce_missing_refresh_token');
    }
    return undefined;
  },

  // 401 INVALID_SESSION_ID (spec/salesforce.md §3.11): the session expired or was revoked.
  isExpiredSession(status, body) {
    // userinfo and the identity URL answer a dead token with 403 Bad_OAuth_Token instead of a 401.
    if (status === 403) return body.includes('Bad_OAuth_Token');
    if (status !== 401) return false;
    if (NOT_FIXED_BY_REFRESH.some((m) => body.includes(m))) return false;
    return body === '' || body.includes('INVALID_SESSION_ID');
  },

  apiUsageFromHeaders: apiUsageFromSforceLimitInfo,

  isRateLimited: isSalesforceRateLimited,

  receiveWebhook: receiveSalesforceWebhook,

  webhookSetup: salesforceWebhookSetup,
};
