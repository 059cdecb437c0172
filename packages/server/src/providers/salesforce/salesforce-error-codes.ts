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
} as const satisfies ErrorDefinitions;

