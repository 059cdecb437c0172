// terapi's own error codes (STYLE.md habit 10): one status and one message template each, `{name}`
// placeholders filled by the throw site's typed parameters, plus named situations where one code says
// different things (see error-definition.ts). Provider modules register their own codes beside their code
// (providers/<name>/*-error-codes.ts). docs/errors.md is generated from both (`npm run docs`);
// reference-docs.test.ts fails when it is stale and error-registry.unit.test.ts when a code used in the
// source is unregistered or an error body is built by hand.
import type { ErrorDefinitions } from './error-definition.js';

export const ERROR_CODES = {
  // authentication (nango-api.md §0.2)
  missing_auth_header: { status: 401, message: 'Authentication failed. The request is missing the Authorization header.' },
  malformed_auth_header: { status: 401, message: 'Authentication failed. The Authorization header must be "Bearer <secret key>".' },
  invalid_secret_key_format: { status: 401, message: 'Authentication failed. The secret key must be a UUIDv4; copy it from `npm start` output or GET /environment.' },
  unknown_account: { status: 401, message: 'Authentication failed. No environment has this secret key; check TERAPI_SECRET_KEY or the key printed at start.' },
  invalid_connect_session_token_format: { status: 401, message: 'The connect session token must look like nango_connect_session_<64 hex>.' },
  unknown_connect_session_token: { status: 401, message: 'The connect session token is unknown or expired; create a new one with POST /connect/sessions.' },
  missing_public_key: { status: 401, message: 'Send connect_session_token (or public_key) in the query string.' },
  invalid_public_key: {
    status: 401,
    message: 'The public key is unknown.',
    situations: {
      retired: 'Public-key authentication is retired; create a connect session with POST /connect/sessions and pass connect_session_token.',
    },
  },
  invalid_metrics_key: { status: 401, message: 'Authentication failed. GET /metrics needs Authorization: Bearer <TERAPI_METRICS_KEY>.' },
  forbidden: { status: 403, message: 'This key may not do that.' },
  // the dashboard's sign-in and sessions (dashboard/)
  dashboard_sign_in_failed: {
    status: 401,
    message: 'Sign-in failed.',
    situations: {
      token: 'This sign-in link was already used or has expired. Restart terapi for a new one (`npm start` prints it), use TERAPI_DASHBOARD_TOKEN, or sign in with a secret key.',
      secret_key: 'No environment has this secret key. Copy it from the "Secret key" line of `npm start`, or from GET /environment.',
      missing: 'Send a token (from the sign-in link, or TERAPI_DASHBOARD_TOKEN) or a secret_key.',
    },
  },
  dashboard_session_invalid: {
    status: 401,
    message: 'Your dashboard session has expired or was signed out. Sign in again.',
    situations: { missing: 'Sign in to the dashboard first.' },
  },
  dashboard_csrf_token_invalid: { status: 403, message: 'A dashboard request that changes something must send the session\'s CSRF token in x-csrf-token (GET /dashboard/api/session gives it).' },
  dashboard_environment_missing: { status: 400, message: 'Name the environment to act in with the x-terapi-environment header.' },
  dashboard_environment_forbidden: { status: 403, message: 'This dashboard session may not act in the environment "{environment}"; sign in with its secret key.' },
  invalid_permissions: { status: 403, message: 'include=credentials needs a secret key.' },
  // request shape (§0.3, §0.4)
  // A client error Fastify raised itself (an empty JSON body, a bad Content-Length), in its own words.
  invalid_request: { status: 400, message: '{reason}' },
  invalid_body: {
    status: 400,
    message: 'The request body is invalid; see errors[] for each field.',
    situations: {
      schema: 'The body is invalid ({issue}).',
      too_deep: 'The JSON body is nested deeper than {limit} levels of arrays and objects; flatten it.',
      unstorable: 'The body holds a NUL (\\u0000) or an unpaired surrogate (\\ud800-\\udfff), which terapi cannot store. Remove it.',
      unstorable_at: 'The body holds a NUL (\\u0000) or an unpaired surrogate (\\ud800-\\udfff) at {path}, which terapi cannot store. Remove it.',
      fields: '{issues}',
      credentials_mismatch: 'Credentials of type {type} do not fit a provider whose auth mode is {auth_mode}.',
      unknown_provider: 'Invalid provider "{provider}"; GET /providers lists them.',
      unique_key_taken: 'Unique key "{unique_key}" already exists.',
      duplicate_tag: 'Duplicate tag "{tag}" after lowercasing.',
      unknown_integrations: 'Integration does not exist: {paths}.',
      unknown_reconnect_target: 'ConnectionID or IntegrationId does not exists',
      session_without_owner: 'This session has neither an end user nor tags.',
      webhook_url_scheme: 'webhook_url_override must be an http or https URL, not {protocol}.',
      webhook_url_private: 'webhook_url_override points to {host}, a loopback, private or link-local address; give a public URL (TERAPI_UPSTREAM_MAP may map a host for local development).',
      ambiguous_function: 'Several integrations have a function "{name}" ({integrations}); pass --integration.',
      connection_not_found: 'Connection not found',
    },
  },
  invalid_query_params: {
    status: 400,
    message: 'The query string is invalid; see errors[] for each parameter.',
    situations: {
      schema: 'The query string is invalid ({issue}).',
      nul: 'The query string holds a NUL character (%00), which terapi cannot store. Remove it.',
      connection_id_with_session: 'connection_id is forbidden when using session token',
    },
  },
  invalid_headers: {
    status: 400,
    message: 'The request headers are invalid; see errors[].',
    situations: {
      schema: 'The headers are invalid ({issue}).',
    },
  },
  invalid_uri_params: {
    status: 400,
    message: 'The URL path parameters are invalid.',
    situations: {
      schema: 'The URL is invalid ({issue}).',
      nul: 'The URL path holds a NUL character (%00), which terapi cannot store. Remove it.',
      malformed_url: 'The URL was refused ({reason}); check its %-escapes and length.',
    },
  },
  invalid_json: { status: 400, message: 'The body is not valid JSON.' },
  invalid_content_type: {
    status: 415,
    message: 'Send JSON with Content-Type: application/json.',
    situations: {
      not_json: 'Content-Type "{content_type}" is not accepted here; send application/json.',
      unsupported: 'Content-Type "{content_type}" is not accepted here.',
    },
  },
  not_found: {
    status: 404,
    message: 'Not found.',
    situations: {
      connection: 'Failed to find connection',
      integration: 'Integration does not exist',
      provider: 'Unknown provider {provider}',
      provider_logo: 'No provider logo {file}; GET /providers gives each logo_url.',
      action: 'Action {action} not found; deploy it with `terapi deploy`.',
      action_run: "No action '{id}' found",
      action_deleted: 'The action or its connection was deleted before the run.',
      sync_variant: 'No variant {variant} of the sync {sync} on this connection.',
      function: 'No deployed function "{name}"; deploy it with `terapi deploy`.',
      function_in_integration: 'No deployed function "{name}" in integration {integration}; deploy it with `terapi deploy`.',
      connect_ui_not_built: 'The Connect UI is not built: run `npm run build -w packages/connect-ui` (npm ci does it).',
      connect_ui_asset: 'No Connect UI asset {file}.',
      dashboard_not_built: 'The dashboard is not built: run `npm run build -w packages/dashboard` (npm ci does it).',
      dashboard_asset: 'No dashboard asset {file}.',
      operation: 'No operation {id} in this environment; GET /logs/operations lists them.',
      webhook_delivery: 'No webhook delivery {id} in this environment; GET /webhooks/deliveries lists them.',
    },
  },
  route_not_found: {
    status: 404,
    message: 'No such route.',
    situations: {
      route: 'No route {method} {path}.',
    },
  },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  request_header_too_large: { status: 431, message: 'The request line and headers are over 16 KB; send shorter ids and filters (a long list belongs in a body where the route takes one).' },
  malformed_request: { status: 400, message: 'The request is not valid HTTP/1.1; check the client or the proxy in front of terapi.' },
  request_timeout: { status: 408, message: 'The request was not received in time; send it again.' },
  // integrations and providers
  unknown_provider_config: {
    status: 400,
    message: 'Provider does not exists',
    situations: {
      not_in_environment: 'No integration "{key}" in this environment.',
      not_in_environment_two_step: { status: 404, message: 'No integration "{key}" in this environment.', why: 'Nango answers 404 on the two-step auth endpoints (nango-api.md §13.9).' },
      import: { status: 404, message: 'Provider does not exists', why: 'Nango answers 404 on POST /connections (nango-api.md §13.9).' },
      deleted_during_authorization: 'The integration was deleted during the authorization.',
      webhook: { status: 404, message: 'No integration "{key}" in this environment; copy the webhook URL from GET /integrations/:key/webhook.', why: 'nango-api.md §11: the webhook endpoint answers 404 unknown_provider_config.' },
      no_webhooks: { status: 404, message: 'The provider of integration "{key}" does not send webhooks to terapi.', why: 'Only providers whose module reads webhooks have a webhook endpoint.' },
    },
  },
  // incoming webhooks (issue 13, nango-api.md §11)
  unknown_environment: { status: 404, message: 'No environment has this id; copy the webhook URL from GET /integrations/:key/webhook.' },
  webhook_unmatched: {
    status: 404,
    message: 'No connection of this integration matches the webhook; connect the account first. The sender may retry.',
    situations: {
      connection_id: 'No connection "{connection_id}" in this integration; check nango.connectionId.',
    },
  },
  unknown_provider_template: { status: 404, message: 'The integration names a provider that is not in the catalog.' },
  invalid_auth_mode: {
    status: 400,
    message: "This endpoint does not match the integration's auth mode.",
    situations: {
      other_mode: '{key} uses {auth_mode}; use the endpoint of that auth mode.',
    },
  },
  provider_config_err: { status: 400, message: 'The integration is missing its client id or client secret; set them with PATCH /integrations/:uniqueKey.' },
  missing_provider_config_key: { status: 400, message: 'Send provider_config_key (or the Provider-Config-Key header).' },
  // connect sessions and auth flows
  integration_not_allowed: { status: 400, message: 'This connect session does not allow that integration.' },
  invalid_connection: { status: 400, message: "The reconnect session's connection no longer exists." },
  invalid_connection_config: {
    status: 400,
    message: 'The connection configuration is invalid.',
    situations: {
      url: 'The connection configuration does not make a valid URL of {template}; check {fields}.',
      fields: '{issues}',
    },
  },
  connection_config_host_not_allowed: {
    status: 400,
    message: "A URL in the connection configuration (such as instance_url) is not an https URL on a host the provider allows; nothing was stored. Use the value the provider gave, or reconnect.",
    situations: {
      import: '{label} {value} is not an https URL on a host {provider} allows ({hosts}); nothing was stored or sent there. Import the connection with the value {provider} gave it.',
      token_response: "{label} {value} is not an https URL on a host {provider} allows ({hosts}); nothing was stored or sent there. {provider} sent it in a token response; check the connection's login host, then reconnect.",
      stored: '{label} {value} is not an https URL on a host {provider} allows ({hosts}); nothing was sent there. It was stored before terapi checked it; reconnect the connection.',
    },
  },
  missing_client_id: { status: 400, message: 'Send client_id.' },
  missing_client_secret: {
    status: 400,
    message: 'Send client_secret (or client_private_key).',
    situations: {
      private_key_jwt_unsupported: '{provider} takes a client secret; private_key_jwt client authentication is not supported for it.',
    },
  },
  connection_test_failed: {
    status: 400,
    message: 'The credentials were rejected by the provider.',
    situations: {
      token_refused: '{reason}',
    },
  },
  state_err: {
    status: 400,
    message: 'The OAuth state is unknown, used already or expired; start the authorization again.',
    situations: {
      missing_state: 'The callback has no state; start the authorization again from your app.',
      expired: 'The authorization took too long and its state expired; start again.',
      unknown: 'The state is unknown or was used already; start the authorization again.',
    },
  },
  state_cookie_err: {
    status: 400,
    message: 'The OAuth callback reached a browser that did not start the authorization (or blocked its cookie); start again in the same browser.',
    situations: {
      other_browser: 'This authorization was not started in this browser (or the browser blocked its cookie). Start it again from your app, in the same browser, on the address of TERAPI_SERVER_URL.',
    },
  },
  token_err: {
    status: 400,
    message: 'The provider refused to exchange the authorization code.',
    situations: {
      unreachable: { status: 502, message: 'Could not reach the token endpoint {url}: {reason}. terapi will retry; nothing was changed.', why: 'The provider was not reached: a gateway failure, not a refusal; nothing was changed and terapi retries.' },
      refused: '{provider} refused the {grant_type} token request ({what}).',
    },
  },
  callback_err: {
    status: 400,
    message: 'The provider redirected back with an error.',
    situations: {
      provider_said: '{error}',
      no_code: 'The provider sent no authorization code.',
    },
  },
  // connections
  unknown_connection: {
    status: 400,
    message: 'Provided ConnectionId and ProviderConfigKey does not match a valid connection',
    situations: {
      metadata_target: { status: 404, message: 'Connection with connection_id {connection_id} and provider_config_key {provider_config_key} not found.', why: 'Nango answers 404 on /connections/metadata (nango-api.md §13.9).' },
      metadata_targets: { status: 404, message: 'Connection with connection_id {connection_id} and provider_config_key {provider_config_key} not found. No actions were taken on any of the connections as a result of this failure.', why: 'Nango answers 404 on /connections/metadata (nango-api.md §13.9).' },
    },
  },
  invalid_credentials: {
    status: 400,
    message: 'The credentials of this connection could not be refreshed; the end user must reconnect.',
    situations: {
      no_refresh_token: 'This connection has no refresh token; the end user must reconnect.',
      refresh_failed: '{reason}',
      provider_unavailable: { status: 502, message: '{reason}', why: 'The refresh failed on the provider side (a 5xx or no answer), not on the credentials: a gateway failure.' },
    },
  },
  connection_refresh_backoff: { status: 424, message: 'A refresh of this connection failed recently; the end user must reconnect.' },
  // proxy (issue 5)
  base_url_override_not_allowed: {
    status: 400,
    message: 'Base-Url-Override must point at a host this connection\'s provider allows.',
    situations: {
      not_absolute: 'Base-Url-Override must be empty or an absolute https URL.',
      host: 'Base-Url-Override {origin} is not a host {provider} allows ({allowed}).',
    },
  },
  proxy_request_failed: {
    status: 502,
    message: 'The upstream request failed.',
    situations: {
      reason: 'The request to {provider} failed: {reason}',
    },
  },
  proxy_timeout: {
    status: 504,
    message: 'The upstream did not answer in time.',
    situations: {
      after: '{provider} did not answer within {seconds} s.',
    },
  },
  invalid_proxy_path: {
    status: 400,
    message: 'The proxied path must be a path below the base URL.',
    situations: {
      why: "The proxied path {why}; send a path below the provider's base URL.",
    },
  },
  proxy_not_supported: {
    status: 400,
    message: "This connection's provider has no proxy base URL; the proxy cannot reach it.",
    situations: {
      no_base_url: 'The provider {provider} has no proxy base URL in the catalog.',
      missing_config: "The connection lacks {missing}, which the proxy's base URL needs; reconnect it.",
    },
  },
  upstream_address_forbidden: {
    status: 400,
    message: 'The upstream host resolves to a loopback, private or link-local address; terapi only sends requests there through TERAPI_UPSTREAM_MAP.',
    situations: {
      refused: '{reason}',
    },
  },
  // records and syncs (issue 6, nango-api.md §8, §9)
  invalid_cursor: {
    status: 400,
    message: 'The cursor is not one terapi issued; pass back a next_cursor or a record\'s _nango_metadata.cursor unchanged.',
    situations: {
      page: 'The cursor is not one terapi issued; pass back next_cursor (or the following cursor) of the previous answer unchanged, or leave it out to start from the newest.',
    },
  },
  unknown_sync: {
    status: 400,
    message: 'No deployed sync has this name for this integration; deploy it with `npx terapi deploy` or check the name.',
    situations: {
      named: 'No deployed sync named {names} for {key}.',
      variant: 'The sync {sync} has no variant {variant} on connection {connection_id}.',
    },
  },
  no_syncs_found: {
    status: 400,
    message: 'None of the named syncs is deployed for this integration; check the names or deploy them with `npx terapi deploy`.',
    situations: {
      named: 'No deployed sync named {names} for {key}.',
    },
  },
  invalid_sync_frequency: {
    status: 400,
    message: 'The frequency must read like "every 1h", "30 minutes", "every day" or "half day", and be at least 30 seconds.',
    situations: {
      not_a_frequency: '"{text}" is not a frequency; write e.g. "every 1h", "30 minutes" or "every day".',
      too_short: '"{text}" is shorter than 30 seconds.',
    },
  },
  invalid_variant: { status: 400, message: 'The variant "base" is every sync\'s default and cannot be created or deleted; pick another name (letters, digits, _ and -).' },
  sync_variant_already_exists: { status: 400, message: 'This connection already has this variant of the sync; use it, or delete it first.' },
  // auth variants and token lifecycle (issue 4)
  presigned_jwt_expired: {
    status: 400,
    message: 'The pre-signed JWT of this connection expired: send a new JWT, or give terapi the private key, consumer key and username so it signs a fresh assertion at each refresh.',
    situations: {
      expired_at: 'The pre-signed JWT of this connection expired at {exp}{provider_said}, and terapi cannot sign a new one. Send a new JWT (reconnect with it), or give terapi the private key, consumer key and username instead so it signs a fresh assertion at each refresh.',
      refused_before_exp: 'The pre-signed JWT of this connection (exp {exp}) was refused as expired{provider_said}, and terapi cannot sign a new one. Send a new JWT (reconnect with it), or give terapi the private key, consumer key and username instead so it signs a fresh assertion at each refresh.',
      refused: 'The pre-signed JWT of this connection was refused as expired{provider_said}, and terapi cannot sign a new one. Send a new JWT (reconnect with it), or give terapi the private key, consumer key and username instead so it signs a fresh assertion at each refresh.',
    },
  },
  invalid_private_key: { status: 400, message: 'The private key is not an RSA private key in PEM form (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----); paste the key whose certificate is uploaded to the connected app.' },
  // functions and actions (issue 6, runtime)
  invalid_function: {
    status: 400,
    message: 'The function could not be deployed; fix it and run `terapi deploy` again.',
    situations: {
      refused: 'The deploy was refused: {problems}',
    },
  },
  action_script_failure: {
    status: 500,
    message: 'The action script failed with an error.',
    situations: {
      script_error: 'The action script failed with an error: {reason}',
      unrecorded: 'The action failed.',
    },
  },
  // Nango sends this one without a message: the upstream's own answer is in payload and upstream.
  script_http_error: { status: 424, message: 'An HTTP request made by the function failed.', wireMessage: false },
  function_proxy_response_too_large: {
    status: 502,
    message: "A response to the function's request was larger than TERAPI_FUNCTION_PROXY_MAX_BYTES; ask for smaller pages or raise the limit.",
    situations: {
      response: 'The response to {method} {path} is larger than {limit} bytes (TERAPI_FUNCTION_PROXY_MAX_BYTES); ask for smaller pages (a LIMIT, a page size) or raise the limit.',
    },
  },
  invalid_action_input: {
    status: 400,
    message: "The action input does not match the action's input schema; see errors[].",
    situations: {
      schema: '{reason}',
    },
  },
  invalid_action_output: {
    status: 500,
    message: "The action returned a value that does not match its output schema; fix the action.",
    situations: {
      schema: '{reason}',
    },
  },
  // generic
  rate_limited: { status: 429, message: 'Too many requests.' },
  not_ready: { status: 503, message: 'terapi is starting; retry in a moment.' },
  server_error: {
    status: 500,
    message: 'An unexpected error happened; report the request id.',
    situations: {
      with_request_id: 'An unexpected error happened; report this request id: {request_id}',
    },
  },
} as const satisfies ErrorDefinitions;

