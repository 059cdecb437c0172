// The Connect UI in a full-screen iframe, and the host side of its message protocol (nango-api.md §3.7):
// on `ready` the page answers `session_token`; `close` removes the iframe; every event goes to `onEvent`.
import { AuthError } from './auth-error.js';
import type { ConnectUIEvent, ConnectUIEventToken, Theme } from './types.js';

export type OnConnectEvent = (event: ConnectUIEvent) => void | Promise<void>;

export interface ConnectUIProps {
  /** The connect session token; required for the UI to work, may be set later with setSessionToken(). */
  sessionToken?: string | undefined;
  /** Where the Connect UI is served. Default: `{apiURL}/connect` (terapi serves it at /connect/). */
  baseURL?: string;
  /** terapi's API URL. Default: the SDK's `host` (with openConnectUI), else the origin of baseURL. */
  apiURL?: string;
  onEvent?: OnConnectEvent;
  /** Tell the UI to report a closed OAuth popup as a failed authorization. Default false. */
  detectClosedAuthWindow?: boolean;
  /** e.g. `en`, `fr`; default: the browser's language. */
  lang?: string;
  /** Overrides the environment's theme setting. */
  themeOverride?: Theme;
}

export class ConnectUI {
  iframe: HTMLIFrameElement | null = null;
  #ready = false;
  #listener: ((e: MessageEvent) => void) | null = null;
  #sessionToken: string | undefined;
  readonly #baseURL: string;
  readonly #apiURL: string;
  readonly #props: ConnectUIProps;

  constructor(props: ConnectUIProps) {
    const { sessionToken, baseURL, apiURL } = props;
    if (!baseURL && !apiURL) throw new AuthError('Give openConnectUI an apiURL (or a baseURL): the URL of your terapi.', 'invalid_host_url');
    try {
      this.#apiURL = apiURL ?? new URL(baseURL!).origin;
      this.#baseURL = baseURL ?? `${this.#apiURL.replace(/\/+$/, '')}/connect`;
      new URL(this.#baseURL);
    } catch {
      throw new AuthError(`Invalid Connect UI URL ${baseURL ?? apiURL}.`, 'invalid_host_url');
    }
    this.#sessionToken = sessionToken;
    this.#props = props;
  }

  /** Adds the iframe and starts listening; a second call while it is open does nothing. */
  open(): void {
    if (this.iframe?.isConnected) return;
    if (this.iframe) this.close();
    this.iframe = this.#createIframe();
    document.body.append(this.iframe);
    document.body.style.overflow = 'hidden';
    this.#listener = (event) => this.#onMessage(event);
    window.addEventListener('message', this.#listener, false);
  }

  #createIframe(): HTMLIFrameElement {
    const url = new URL(this.#baseURL);
    // The UI's built assets use relative paths: they resolve only when the document path ends with '/'.
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    url.searchParams.append('apiURL', this.#apiURL);
    if (this.#props.detectClosedAuthWindow) url.searchParams.append('detectClosedAuthWindow', 'true');
    if (this.#props.lang) url.searchParams.append('lang', this.#props.lang);
    if (this.#props.themeOverride) url.searchParams.append('theme', this.#props.themeOverride);
    const iframe = document.createElement('iframe');
    iframe.src = url.href;
    iframe.id = 'connect-ui';
    iframe.title = 'Connect';
    Object.assign(iframe.style, { position: 'fixed', zIndex: '9999', top: '0', left: '0', right: '0', bottom: '0', width: '100vw', height: '100vh', border: '0', backgroundColor: 'transparent' });
    iframe.allow = 'clipboard-write';
    return iframe;
  }

  #onMessage(event: MessageEvent): void {
    // Only our iframe, on the Connect UI's origin, speaks this protocol.
    if (event.origin !== new URL(this.#baseURL).origin || event.source !== this.iframe?.contentWindow) return;
    const evt = event.data as ConnectUIEvent | null;
    if (typeof evt !== 'object' || !evt || !evt.type) return;
    if (evt.type === 'ready') {
      this.#ready = true;
      this.#sendSessionToken();
    } else if (evt.type === 'close') {
      this.close();
    }
    if (this.#props.onEvent) void this.#props.onEvent(evt);
  }

  /** Sets the session token, and sends it at once if the UI is ready. */
  setSessionToken(sessionToken: string): void {
    this.#sessionToken = sessionToken;
    if (this.#ready) this.#sendSessionToken();
  }

  /** Removes the iframe and stops listening. */
  close(): void {
    if (this.#listener) {
      window.removeEventListener('message', this.#listener);
      this.#listener = null;
    }
    if (this.iframe) {
      this.iframe.remove();
      this.iframe = null;
      document.body.style.overflow = '';
    }
    this.#ready = false;
  }

  #sendSessionToken(): void {
    if (!this.#sessionToken) return;
    const message: ConnectUIEventToken = { type: 'session_token', sessionToken: this.#sessionToken };
    // §3.7 says Nango posts with target '*'; the UI's own origin is given instead, so the token cannot reach
    // a page the iframe was navigated to on another origin. The UI cannot tell the difference.
    this.iframe?.contentWindow?.postMessage(message, new URL(this.#baseURL).origin);
  }
}
