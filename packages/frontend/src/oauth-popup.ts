// The popup OAuth flow of nango-api.md §3.4, steps 2–9: open the WebSocket, navigate the popup (already
// opened by the caller, synchronously, so popup blockers let it through) to /oauth/connect with the
// ws_client_id of the server's ack, and settle on the result the server pushes on the socket.
// Beyond Nango's SDK: a WebSocket that cannot open or drops before the result rejects (`network_error`)
// instead of waiting forever, and the callback page's error message (§3.5, posted to the opener) rejects too.
import { AuthError, type AuthErrorType } from './auth-error.js';
import type { AuthResult } from './types.js';

export interface OAuthPopupOptions {
  popup: Window;
  /** `{host}/oauth/connect/{key}?{§3.1 query}`; `ws_client_id` is added on the ack. */
  connectUrl: URL;
  webSocketUrl: string;
  detectClosedAuthWindow: boolean;
  debug: boolean;
}

type ServerMessage =
  | { message_type: 'connection_ack'; ws_client_id: string }
  | { message_type: 'success'; provider_config_key: string; connection_id: string; is_pending?: boolean }
  | { message_type: 'error'; error_type: AuthErrorType; error_desc: string };

export class OAuthPopup {
  readonly result: Promise<AuthResult>;
  readonly popup: Window;
  #ws: WebSocket | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #onWindowMessage: ((e: MessageEvent) => void) | undefined;

  constructor(private readonly o: OAuthPopupOptions) {
    this.popup = o.popup;
    this.result = new Promise<AuthResult>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.#stopListening();
        fn();
      };
      const fail = (message: string, type: AuthErrorType) => settle(() => reject(new AuthError(message, type)));
      this.#listen(
        (r) => settle(() => resolve(r)),
        fail,
      );
    });
  }

  #log(...args: unknown[]): void {
    if (this.o.debug) console.log('[terapi]', ...args);
  }

  #listen(succeed: (r: AuthResult) => void, fail: (message: string, type: AuthErrorType) => void): void {
    let acked = false;
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.o.webSocketUrl);
    } catch {
      return fail(`Invalid WebSocket URL ${this.o.webSocketUrl}; check the host and websocketsPath options.`, 'invalid_host_url');
    }
    this.#ws = ws;
    ws.onmessage = (event) => {
      let data: ServerMessage;
      try {
        data = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      this.#log('received', data.message_type);
      if (data.message_type === 'connection_ack') {
        acked = true;
        this.o.connectUrl.searchParams.set('ws_client_id', data.ws_client_id);
        this.popup.location.href = this.o.connectUrl.href;
        if (this.popup.closed) fail('The authorization popup was blocked by the browser; allow popups for this site.', 'blocked_by_browser');
      } else if (data.message_type === 'success') {
        succeed({ providerConfigKey: data.provider_config_key, connectionId: data.connection_id, isPending: data.is_pending ?? false });
      } else if (data.message_type === 'error') {
        fail(data.error_desc, data.error_type);
      }
    };
    ws.onclose = () =>
      fail(
        acked
          ? 'The connection to terapi was lost before the authorization finished; try again.'
          : `Could not open the WebSocket to terapi at ${this.o.webSocketUrl}; check the host and websocketsPath options and that the server is running.`,
        'network_error',
      );

    // §3.5: the callback page posts its error to the opener; only the popup we opened, on terapi's origin, counts.
    const origin = this.o.connectUrl.origin;
    this.#onWindowMessage = (e: MessageEvent) => {
      const data = e.data as { type?: unknown; payload?: { message?: unknown; errorType?: unknown } } | null;
      if (e.source !== this.popup || e.origin !== origin || data?.type !== 'nango_oauth_callback_error') return;
      fail(String(data.payload?.message ?? 'The authorization failed.'), String(data.payload?.errorType ?? 'unknown_error'));
    };
    window.addEventListener('message', this.#onWindowMessage);

    // Off by default, as in Nango: a provider page that sets Cross-Origin-Opener-Policy makes `closed` read true
    // while the popup is still open, which would fail a flow the user is completing.
    this.#timer = setInterval(() => {
      if (this.o.detectClosedAuthWindow && this.popup.closed) {
        fail('The authorization window was closed before the authorization flow was completed.', 'window_closed');
      }
    }, 500);
  }

  #stopListening(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#onWindowMessage) window.removeEventListener('message', this.#onWindowMessage);
    if (this.#ws) {
      this.#ws.onclose = null;
      this.#ws.onmessage = null;
      this.#ws.close();
    }
  }

  /** Stops listening and closes the popup. */
  close(): void {
    this.#stopListening();
    if (!this.popup.closed) this.popup.close();
  }
}
