// The browser SDK's entry point, with the surface of @nangohq/frontend's `Nango` class (nango-api.md §3):
// auth() picks the POST endpoint for credentials (§3.2, §3.3) or the popup OAuth flow (§3.4); create() makes
// an unauthenticated connection; reconnect() re-authorizes through a reconnect session; openConnectUI() §3.7.
import { AuthError } from './auth-error.js';
import { authQuery } from './auth-query.js';
import { ConnectUI, type ConnectUIProps } from './connect-ui.js';
import { isCustomAuth, postAuthRequest } from './credentials-endpoint.js';
import { OAuthPopup } from './oauth-popup.js';
import { computeLayout, windowFeaturesToString } from './popup-layout.js';
import { postAuth } from './post-auth.js';
import type { AuthOptions, AuthSuccess, ConnectionConfig } from './types.js';

export type TerapiFrontendOptions = {
  /** Your terapi's public URL (TERAPI_SERVER_URL), e.g. `https://terapi.example.com`. */
  host: string;
  /** Path of the OAuth WebSocket, relative to host. Default `/`. */
  websocketsPath?: string;
  /** Popup size; default 500 × 600. */
  width?: number;
  height?: number;
  /** Log the flow's steps to the console. */
  debug?: boolean;
} & ({ connectSessionToken?: string; publicKey?: never } | { connectSessionToken?: never; publicKey?: string });

/** Same shape as `@nangohq/frontend`'s `NangoOptions`, except that `host` is required (there is no terapi cloud default). */
export type NangoOptions = TerapiFrontendOptions;

/** How long the popup stays open after the result, so the callback page can post to its opener first (§3.4 step 8). */
const POPUP_CLOSE_DELAY_MS = 500;

export class TerapiFrontend {
  readonly #host: string;
  readonly #webSocketUrl: string;
  readonly #publicKey: string | undefined;
  readonly #connectSessionToken: string | undefined;
  readonly #debug: boolean;
  readonly #width: number;
  readonly #height: number;
  /** The running popup flow, if any (Nango's public `win`). */
  win: OAuthPopup | null = null;

  constructor(options: TerapiFrontendOptions) {
    // `new Nango()` is valid for @nangohq/frontend (its cloud is the default host); here it gets the host error, not a TypeError.
    const config: Partial<TerapiFrontendOptions> = options ?? {};
    this.#debug = config.debug ?? false;
    this.#width = config.width || 500;
    this.#height = config.height || 600;
    this.#publicKey = config.publicKey;
    this.#connectSessionToken = config.connectSessionToken;
    try {
      const base = new URL(config.host ?? '');
      this.#host = base.href.replace(/\/+$/, '');
      this.#webSocketUrl = new URL(config.websocketsPath || '/', base).href.replace(/^http/, 'ws');
    } catch {
      throw new AuthError(`Invalid host URL ${String(config.host)}: give the URL of your terapi, e.g. https://terapi.example.com.`, 'invalid_host_url');
    }
  }

  /** Creates a connection for a provider that needs no credentials (POST /auth/unauthenticated/:key). */
  create(providerConfigKey: string, connectionConfig?: ConnectionConfig): Promise<AuthSuccess>;
  create(providerConfigKey: string, connectionId: string, connectionConfig?: ConnectionConfig): Promise<AuthSuccess>;
  async create(providerConfigKey: string, idOrConfig?: string | ConnectionConfig, moreConfig?: ConnectionConfig): Promise<AuthSuccess> {
    this.#ensureCredentials();
    const [connectionId, config] = typeof idOrConfig === 'string' ? [idOrConfig, moreConfig] : [null, idOrConfig];
    return postAuth(`${this.#host}/auth/unauthenticated/${encodeURIComponent(providerConfigKey)}${this.#query(connectionId, config)}`, {});
  }

  /**
   * Authorizes a connection: with `credentials`, by the POST endpoint of their shape; otherwise through the
   * OAuth popup. Call it from a click handler: the popup is opened synchronously so browsers let it through.
   */
  auth(providerConfigKey: string, options?: AuthOptions): Promise<AuthSuccess>;
  auth(providerConfigKey: string, connectionId: string, options?: AuthOptions): Promise<AuthSuccess>;
  auth(providerConfigKey: string, idOrOptions?: string | AuthOptions, moreOptions?: AuthOptions): Promise<AuthSuccess> {
    try {
      this.#ensureCredentials();
    } catch (err) {
      return Promise.reject(err);
    }
    const [connectionId, options]: [string | null, AuthOptions | undefined] = typeof idOrOptions === 'string' ? [idOrOptions, moreOptions] : [null, { ...moreOptions, ...idOrOptions } as AuthOptions];
    const config = options as ConnectionConfig | undefined;
    if (isCustomAuth(options)) {
      const { credentials, ...rest } = config!;
      const request = postAuthRequest(credentials, rest);
      if (!request) return Promise.reject(new AuthError('These credentials match no auth method; see the credentials types of auth().', 'missing_credentials'));
      return postAuth(`${this.#host}${request.path}/${encodeURIComponent(providerConfigKey)}${this.#query(connectionId, rest)}`, request.body);
    }
    // Safari blocks a popup opened after any await: open it first, navigate it once the WebSocket is acknowledged.
    const popup = window.open('', '_blank', windowFeaturesToString(computeLayout({ expectedWidth: this.#width, expectedHeight: this.#height })));
    if (this.win) this.clear();
    if (!popup || popup.closed || typeof popup.closed === 'undefined') {
      return Promise.reject(new AuthError('The authorization popup was blocked by the browser; allow popups for this site, and call auth() from a click.', 'blocked_by_browser'));
    }
    let connectUrl: URL;
    try {
      connectUrl = new URL(`${this.#host}/oauth/connect/${encodeURIComponent(providerConfigKey)}${this.#query(connectionId, config)}`);
    } catch {
      popup.close();
      return Promise.reject(new AuthError('Invalid URL provided for the terapi host.', 'invalid_host_url'));
    }
    const flow = new OAuthPopup({ popup, connectUrl, webSocketUrl: this.#webSocketUrl, detectClosedAuthWindow: options?.detectClosedAuthWindow ?? false, debug: this.#debug });
    this.win = flow;
    return flow.result.finally(() => {
      if (this.win === flow) this.clear();
    });
  }

  /** Re-authorizes the connection of a reconnect session (POST /connect/sessions/reconnect) in place. */
  reconnect(providerConfigKey: string, options?: AuthOptions): Promise<AuthSuccess> {
    if (!this.#connectSessionToken) {
      return Promise.reject(new AuthError('Reconnect requires a connect session token (from POST /connect/sessions/reconnect).', 'missing_connect_session_token'));
    }
    return this.auth(providerConfigKey, options);
  }

  /** Stops the running popup flow; the popup closes after a short delay, so its page can tell its opener first. */
  clear(): void {
    const flow = this.win;
    this.win = null;
    if (flow) setTimeout(() => flow.close(), POPUP_CLOSE_DELAY_MS);
  }

  /** Opens the Connect UI over the page. `apiURL` defaults to host, `baseURL` to `{host}/connect`. */
  openConnectUI(params: ConnectUIProps = {}): ConnectUI {
    const connect = new ConnectUI({ sessionToken: this.#connectSessionToken, apiURL: this.#host, ...params });
    connect.open();
    return connect;
  }

  #query(connectionId: string | null, config?: ConnectionConfig): string {
    return authQuery({ publicKey: this.#publicKey, connectSessionToken: this.#connectSessionToken }, connectionId, config);
  }

  #ensureCredentials(): void {
    if (!this.#publicKey && !this.#connectSessionToken) {
      throw new AuthError('Give a connectSessionToken (from POST /connect/sessions) or a publicKey.', 'missing_auth_token');
    }
  }
}
