// The public types of @nangohq/frontend (0.71), restated here so the package has no dependency: code typed
// against Nango's SDK compiles against this one.
import type { AuthErrorType } from './auth-error.js';

export interface AuthResult {
  providerConfigKey: string;
  connectionId: string;
  isPending?: boolean;
}
export type AuthSuccess = AuthResult;

export interface OAuthCredentialsOverride {
  oauth_client_id_override: string;
  oauth_client_secret_override: string;
  oauth_refresh_token_override?: string;
}
export interface BasicApiCredentials {
  username?: string;
  password?: string;
}
export interface ApiKeyCredentials {
  apiKey?: string;
}
export interface TBACredentials {
  token_id: string;
  token_secret: string;
  oauth_client_id_override?: string;
  oauth_client_secret_override?: string;
}
export interface JwtCredentials {
  type?: 'JWT';
  [key: string]: any;
}
export interface OAuth2ClientCredentials {
  client_id: string;
  client_secret?: string;
  client_certificate?: string;
  client_private_key?: string;
}
export interface BillCredentials {
  username: string;
  password: string;
  organization_id: string;
  dev_key: string;
}
export interface TwoStepCredentials {
  type: 'TWO_STEP';
  [key: string]: any;
}
export interface SignatureCredentials {
  type: 'SIGNATURE';
  username: string;
  password: string;
}
export interface AwsSigV4Credentials {
  type: 'AWS_SIGV4';
  role_arn: string;
  region?: string;
}

export type Credentials =
  | OAuthCredentialsOverride
  | BasicApiCredentials
  | ApiKeyCredentials
  | TBACredentials
  | JwtCredentials
  | TwoStepCredentials
  | OAuth2ClientCredentials
  | SignatureCredentials
  | AwsSigV4Credentials;

export interface ConnectionConfig {
  /** connection_config values, e.g. `{ hostname: 'acme.my.salesforce.com' }`; only strings are sent. */
  params?: Record<string, string>;
  hmac?: string;
  user_scope?: string[];
  /** Added to the provider's authorize URL; the value `undefined` removes a parameter the catalog sets. */
  authorization_params?: Record<string, string | undefined>;
  installation?: 'outbound';
  assertionOption?: Record<string, string>;
  credentials?: Credentials;
}

export type AuthOptions = {
  /** Reject with `window_closed` when the popup is closed before the result arrives. Default false (see README). */
  detectClosedAuthWindow?: boolean;
} & (ConnectionConfig | OAuthCredentialsOverride);

export type ErrorHandler = (errorType: AuthErrorType, errorDesc: string) => void;

export type Theme = 'light' | 'dark' | 'system';
export interface ConnectUIColorPalette {
  primary: string;
}
export interface ConnectUISettings {
  theme: { light: ConnectUIColorPalette; dark: ConnectUIColorPalette };
  defaultTheme: Theme;
  showWatermark: boolean;
}

// nango-api.md §3.7: the messages between the host page and the Connect UI iframe.
export interface ConnectUIEventToken {
  type: 'session_token';
  sessionToken: string;
}
export interface ConnectUIEventReady {
  type: 'ready';
}
export interface ConnectUIEventClose {
  type: 'close';
}
export interface ConnectUIEventConnect {
  type: 'connect';
  payload: AuthResult;
}
export interface ConnectUIEventError {
  type: 'error';
  payload: { errorType: AuthErrorType; errorMessage: string };
}
export interface ConnectUIEventSettingsChanged {
  type: 'settings_changed';
  payload: ConnectUISettings;
}
export type ConnectUIEvent = ConnectUIEventReady | ConnectUIEventClose | ConnectUIEventConnect | ConnectUIEventError | ConnectUIEventSettingsChanged;
