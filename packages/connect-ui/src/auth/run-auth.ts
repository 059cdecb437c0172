// The auth itself is @nangohq/frontend's (nango-api.md §3.2–3.4), as in Nango's own Connect UI: OAuth in a
// popup with the WebSocket handshake, or the POST endpoint the credentials' shape selects. The popup is
// opened synchronously inside auth(), so this must be called straight from the click or submit handler.
import Nango, { type AuthOptions } from '@nangohq/frontend';

/** How each auth mode turns the form's credentials into what the SDK sends (a closed set of mechanisms). */
const CREDENTIAL_SHAPES: Record<string, (c: Record<string, string>) => Record<string, string> | undefined> = {
  OAUTH2: () => undefined,
  OAUTH1: () => undefined,
  OAUTH2_CC: (c) => c,
  TWO_STEP: (c) => ({ type: 'TWO_STEP', ...c }),
  JWT: (c) => ({ type: 'JWT', ...c }),
  API_KEY: (c) => ({ apiKey: c.apiKey ?? '' }),
  BASIC: (c) => ({ username: c.username ?? '', password: c.password ?? '' }),
};

export function supportsAuthMode(mode: string): boolean {
  return mode in CREDENTIAL_SHAPES;
}

export interface AuthRequest {
  apiURL: string;
  sessionToken: string;
  websocketsPath: string | undefined;
  integrationKey: string;
  authMode: string;
  params: Record<string, string>;
  credentials: Record<string, string>;
  reconnect: boolean;
  detectClosedAuthWindow: boolean;
}

export interface AuthOutcome {
  providerConfigKey: string;
  connectionId: string;
  isPending?: boolean;
}

export function runAuth(r: AuthRequest): Promise<AuthOutcome> {
  const nango = new Nango({ host: r.apiURL, connectSessionToken: r.sessionToken, ...(r.websocketsPath ? { websocketsPath: r.websocketsPath } : {}) });
  const credentials = CREDENTIAL_SHAPES[r.authMode]?.(r.credentials);
  const options = {
    detectClosedAuthWindow: r.detectClosedAuthWindow,
    ...(Object.keys(r.params).length ? { params: r.params } : {}),
    ...(credentials ? { credentials } : {}),
  } as AuthOptions;
  return (r.reconnect ? nango.reconnect(r.integrationKey, options) : nango.auth(r.integrationKey, options)) as Promise<AuthOutcome>;
}
