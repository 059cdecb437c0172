// The error every rejected promise of the SDK carries, as @nangohq/frontend's `AuthError`: `type` says what
// went wrong in a stable word, `message` says it for a person.

/** Types the SDK itself produces, or the server pushes on the WebSocket (nango-api.md §3.4). */
export type KnownAuthErrorType =
  // @nangohq/frontend's declared union
  | 'missing_auth_token'
  | 'blocked_by_browser'
  | 'invalid_host_url'
  | 'missing_credentials'
  | 'window_closed'
  | 'connection_test_failed'
  | 'missing_connect_session_token'
  | 'connection_validation_failed'
  | 'resource_capped'
  | 'unknown_error'
  // terapi: the server could not be reached, or the WebSocket dropped before the result
  | 'network_error'
  // the WebSocket error_type values of the OAuth popup flow
  | 'auth_mode_err'
  | 'callback_err'
  | 'provider_config_err'
  | 'state_err'
  | 'state_cookie_err'
  | 'token_err'
  | 'unknown_config_key'
  | 'url_param_err';

/**
 * A POST auth endpoint answers any code of terapi's error registry (docs/errors.md), e.g.
 * `integration_not_allowed` or `salesforce_lightning_hostname`: the type stays open to them.
 */
export type AuthErrorType = KnownAuthErrorType | (string & {});

export class AuthError extends Error {
  type: AuthErrorType;
  constructor(message: string, type: AuthErrorType) {
    super(message);
    this.name = 'AuthError';
    this.type = type;
  }
}
