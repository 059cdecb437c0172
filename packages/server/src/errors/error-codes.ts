// One registry of every error terapi answers with (STYLE.md habit 10). docs/errors.md lists the same codes;
// errors-doc.unit.test.ts fails when the two disagree. A misspelt code does not compile.
export const ERROR_CODES = {
  // authentication (nango-api.md §0.2)
  missing_auth_header: { status: 401, message: 'Authentication failed. The request is missing the Authorization header.' },
  malformed_auth_header: { status: 401, message: 'Authentication failed. The Authorization header must be "Bearer <secret key>".' },
  invalid_secret_key_format: { status: 401, message: 'Authentication failed. The secret key must be a UUIDv4; copy it from `npm start` output or GET /environment.' },
  unknown_account: { status: 401, message: 'Authentication failed. No environment has this secret key; check TERAPI_SECRET_KEY or the key printed at start.' },
  invalid_connect_session_token_format: { status: 401, message: 'The connect session token must look like nango_connect_session_<64 hex>.' },
  unknown_connect_session_token: { status: 401, message: 'The connect session token is unknown or expired; create a new one with POST /connect/sessions.' },
  missing_public_key: { status: 401, message: 'Send connect_session_token (or public_key) in the query string.' },
  invalid_public_key: { status: 401, message: 'The public key is unknown.' },
  invalid_metrics_key: { status: 401, message: 'Authentication failed. GET /metrics needs Authorization: Bearer <TERAPI_METRICS_KEY>.' },
  forbidden: { status: 403, message: 'This key may not do that.' },
  invalid_permissions: { status: 403, message: 'include=credentials needs a secret key.' },
  // request shape (§0.3, §0.4)
  invalid_body: { status: 400, message: 'The request body is invalid; see errors[] for each field.' },
  invalid_query_params: { status: 400, message: 'The query string is invalid; see errors[] for each parameter.' },
  invalid_headers: { status: 400, message: 'The request headers are invalid; see errors[].' },
  invalid_uri_params: { status: 400, message: 'The URL path parameters are invalid.' },
  invalid_json: { status: 400, message: 'The body is not valid JSON.' },
  invalid_content_type: { status: 415, message: 'Send JSON with Content-Type: application/json.' },
  not_found: { status: 404, message: 'Not found.' },
  route_not_found: { status: 404, message: 'No such route.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  // integrations and providers
  unknown_provider_config: { status: 400, message: 'Provider does not exists' },
  unknown_provider_template: { status: 404, message: 'The integration names a provider that is not in the catalog.' },
  invalid_auth_mode: { status: 400, message: "This endpoint does not match the integration's auth mode." },
  provider_config_err: { status: 400, message: 'The integration is missing its client id or client secret; set them with PATCH /integrations/:uniqueKey.' },
  missing_provider_config_key: { status: 400, message: 'Send provider_config_key (or the Provider-Config-Key header).' },
  // connect sessions and auth flows
  integration_not_allowed: { status: 400, message: 'This connect session does not allow that integration.' },
  invalid_connection: { status: 400, message: "The reconnect session's connection no longer exists." },
  invalid_connection_config: { status: 400, message: 'The connection configuration is invalid.' },
  missing_client_id: { status: 400, message: 'Send client_id.' },
  missing_client_secret: { status: 400, message: 'Send client_secret (or client_private_key).' },
  connection_test_failed: { status: 400, message: 'The credentials were rejected by the provider.' },
  state_err: { status: 400, message: 'The OAuth state is unknown, used already or expired; start the authorization again.' },
  token_err: { status: 400, message: 'The provider refused to exchange the authorization code.' },
  callback_err: { status: 400, message: 'The provider redirected back with an error.' },
  // connections
  unknown_connection: { status: 400, message: 'Provided ConnectionId and ProviderConfigKey does not match a valid connection' },
  invalid_credentials: { status: 400, message: 'The credentials of this connection could not be refreshed; the end user must reconnect.' },
  connection_refresh_backoff: { status: 424, message: 'A refresh of this connection failed recently; the end user must reconnect.' },
  // Salesforce gotchas made messages (issue 4)
  salesforce_invalid_client_id: { status: 400, message: 'Salesforce rejected the consumer key (invalid_client_id). Check the Consumer Key; if it is right, a developer user\'s password with special characters can cause this.' },
  salesforce_wrong_environment: { status: 400, message: 'This looks like a sandbox org on a production integration (or the reverse). Use salesforce-sandbox (test.salesforce.com) for sandboxes and salesforce (login.salesforce.com) for production, or give the org\'s My Domain.' },
  salesforce_client_credentials_host: { status: 400, message: 'Salesforce accepts the client credentials flow only on the org\'s My Domain host (e.g. acme.my.salesforce.com), not login.salesforce.com or test.salesforce.com.' },
  salesforce_missing_refresh_token: { status: 400, message: 'Salesforce returned no refresh_token: add the "refresh_token, offline_access" scope to the connected app and to the integration\'s scopes, then reconnect.' },
  salesforce_introspection_refused: { status: 400, message: 'Salesforce refused to introspect the token: turn on "Introspect All Tokens" in the connected app to let terapi know when tokens expire (terapi falls back to refreshing on 401).' },
  salesforce_lightning_hostname: { status: 400, message: 'Use your My Domain (e.g. acme.my.salesforce.com), not the Lightning host (*.lightning.force.com).' },
  // proxy (issue 5)
  base_url_override_not_allowed: { status: 400, message: 'Base-Url-Override must point at a host this connection\'s provider allows.' },
  proxy_request_failed: { status: 502, message: 'The upstream request failed.' },
  proxy_timeout: { status: 504, message: 'The upstream did not answer in time.' },
  invalid_proxy_path: { status: 400, message: 'The proxied path must be a path below the base URL.' },
  proxy_not_supported: { status: 400, message: "This connection's provider has no proxy base URL; the proxy cannot reach it." },
  upstream_address_forbidden: { status: 400, message: 'The upstream host resolves to a loopback, private or link-local address; terapi only sends requests there through TERAPI_UPSTREAM_MAP.' },
  // records and syncs (issue 6, nango-api.md §8, §9)
  invalid_cursor: { status: 400, message: 'The cursor is not one terapi issued; pass back a next_cursor or a record\'s _nango_metadata.cursor unchanged.' },
  unknown_sync: { status: 400, message: 'No deployed sync has this name for this integration; deploy it with `npx terapi deploy` or check the name.' },
  no_syncs_found: { status: 400, message: 'None of the named syncs is deployed for this integration; check the names or deploy them with `npx terapi deploy`.' },
  invalid_sync_frequency: { status: 400, message: 'The frequency must read like "every 1h", "30 minutes", "every day" or "half day", and be at least 30 seconds.' },
  invalid_variant: { status: 400, message: 'The variant "base" is every sync\'s default and cannot be created or deleted; pick another name (letters, digits, _ and -).' },
  sync_variant_already_exists: { status: 400, message: 'This connection already has this variant of the sync; use it, or delete it first.' },
  // auth variants and token lifecycle (issue 4)
  invalid_private_key: { status: 400, message: 'The private key is not an RSA private key in PEM form (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----); paste the key whose certificate is uploaded to the connected app.' },
  salesforce_jwt_not_approved: { status: 400, message: "Salesforce says the user hasn't approved this consumer: in the connected app set \"Admin approved users are pre-authorized\" and add the user's profile or permission set, or have the user authorize the app once interactively." },
  salesforce_jwt_invalid_assertion: { status: 400, message: 'Salesforce rejected the JWT assertion: upload the certificate of this private key to the connected app ("Use digital signatures"), and check the username and the Consumer Key.' },
  salesforce_inactive_user: { status: 400, message: 'The Salesforce user of this connection is inactive: reactivate the user (or pick an active Run-As user), then reconnect.' },
  // functions and actions (issue 6, runtime)
  invalid_function: { status: 400, message: 'The function could not be deployed; fix it and run `terapi deploy` again.' },
  action_script_failure: { status: 500, message: 'The action script failed with an error.' },
  script_http_error: { status: 424, message: 'An HTTP request made by the function failed.' },
  invalid_action_input: { status: 400, message: "The action input does not match the action's input schema; see errors[]." },
  invalid_action_output: { status: 500, message: "The action returned a value that does not match its output schema; fix the action." },
  // generic
  rate_limited: { status: 429, message: 'Too many requests.' },
  not_ready: { status: 503, message: 'terapi is starting; retry in a moment.' },
  server_error: { status: 500, message: 'An unexpected error happened; report the request id.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
