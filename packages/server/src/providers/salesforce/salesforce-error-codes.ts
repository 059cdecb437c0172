// Salesforce's own error codes (issue 4: its gotchas made messages), read into the one registry through
// providers/provider-error-codes.ts. Their types join ErrorCode there, so a misspelt Salesforce
// code does not compile either.
import type { ErrorDefinitions } from '../../errors/error-definition.js';

export const SALESFORCE_ERROR_CODES = {
  salesforce_invalid_client_id: {
    status: 400,
    message: "Salesforce rejected the consumer key (invalid_client_id). Check the Consumer Key; if it is right, a developer user's password with special characters can cause this.",
    situations: {
      // login.salesforce.com knows only production apps and test.salesforce.com only sandbox ones (spec/salesforce.md §0).
      on_production_login: "Salesforce rejected the consumer key (invalid_client_id). Check the Consumer Key; if it is right, a developer user's password with special characters can cause this. If the connected app lives in a sandbox (use salesforce-sandbox or test.salesforce.com), login.salesforce.com does not know it.",
      on_sandbox_login: "Salesforce rejected the consumer key (invalid_client_id). Check the Consumer Key; if it is right, a developer user's password with special characters can cause this. If the connected app lives in production (use salesforce or login.salesforce.com), test.salesforce.com does not know it.",
    },
  },
  salesforce_wrong_environment: {
    status: 400,
    message: 'This looks like a sandbox org on a production integration (or the reverse). Use salesforce-sandbox (test.salesforce.com) for sandboxes and salesforce (login.salesforce.com) for production, or give the org\'s My Domain.',
    situations: {
      on_production_login: 'Salesforce at {host} refused the login ({description}). If this is a sandbox org, use the salesforce-sandbox integration (test.salesforce.com) or give its My Domain.',
      on_sandbox_login: 'Salesforce at {host} refused the login ({description}). If this is a production org, use the salesforce integration (login.salesforce.com) or give its My Domain.',
      on_my_domain: 'Salesforce at {host} refused the login ({description}). A sandbox org takes https://test.salesforce.com as the JWT audience and a production org https://login.salesforce.com: set the login host to match the org.',
    },
  },
  salesforce_client_credentials_host: { status: 400, message: 'Salesforce accepts the client credentials flow only on the org\'s My Domain host (e.g. acme.my.salesforce.com), not login.salesforce.com or test.salesforce.com.' },
  salesforce_missing_refresh_token: { status: 400, message: 'Salesforce returned no refresh_token: add the "refresh_token, offline_access" scope to the connected app and to the integration\'s scopes, then reconnect.' },
  salesforce_introspection_refused: { status: 400, message: 'Salesforce refused to introspect the token: turn on "Introspect All Tokens" in the connected app to let terapi know when tokens expire (terapi falls back to refreshing on 401).' },
  salesforce_lightning_hostname: { status: 400, message: 'Use your My Domain (e.g. acme.my.salesforce.com), not the Lightning host (*.lightning.force.com).' },
  salesforce_jwt_not_approved: { status: 400, message: "Salesforce says the user hasn't approved this consumer: in the connected app set \"Admin approved users are pre-authorized\" and add the user's profile or permission set, or have the user authorize the app once interactively." },
  salesforce_jwt_invalid_assertion: { status: 400, message: 'Salesforce rejected the JWT assertion: upload the certificate of this private key to the connected app ("Use digital signatures"), and check the username and the Consumer Key.' },
  salesforce_inactive_user: { status: 400, message: 'The Salesforce user of this connection is inactive: reactivate the user (or pick an active Run-As user), then reconnect.' },
  // incoming webhooks (issue 13; spec/salesforce.md §5)
  salesforce_webhook_unauthorized: {
    status: 401,
    message: 'The webhook is not authenticated; copy the URL and secret from GET /integrations/:key/webhook.',
    situations: {
      url_secret: "The Outbound Message URL's secret is missing or wrong; set the endpoint URL to the outbound_message_url of GET /integrations/:key/webhook.",
      signature: 'The X-Terapi-Hmac-Sha256 header is missing or wrong; sign the exact body with the webhook secret (lowercase hex of HMAC-SHA256, see docs/salesforce-webhooks.md).',
    },
  },
  salesforce_outbound_message_invalid: {
    status: 400,
    message: 'The body is not a Salesforce Outbound Message (a SOAP notifications envelope).',
    situations: {
      malformed: 'The body is not well-formed XML ({reason}).',
      doctype: 'The body has a document type declaration, which SOAP 1.1 forbids (§3); nothing was read.',
      shape: 'The body is not a SOAP envelope with a notifications element ({reason}).',
      too_many: 'The message holds {count} notifications; Salesforce sends at most 100.',
    },
  },
  salesforce_org_id_invalid: { status: 400, message: 'The organization id "{org_id}" is not a Salesforce org id (00D followed by 12 or 15 letters and digits).' },
  salesforce_callout_invalid: {
    status: 400,
    message: 'The JSON callout must be an object with organizationId (the 18-character org id) or nango.connectionId.',
    situations: {
      not_json: 'The body is not valid JSON.',
      shape: 'The JSON callout must be an object with organizationId (the org id) or nango.connectionId; {reason}.',
    },
  },
} as const satisfies ErrorDefinitions;

