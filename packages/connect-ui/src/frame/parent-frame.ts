// The iframe side of @nangohq/frontend's openConnectUI protocol (nango-api.md §3.7). The parent accepts only
// messages from this page's origin, and answers `ready` with the session token using targetOrigin '*'; we
// post with '*' too because the host page's origin is not known to us (the SDK does the same).
export type ConnectUISettings = {
  theme: { light: { primary: string }; dark: { primary: string } };
  defaultTheme: 'light' | 'dark' | 'system';
  showWatermark: boolean;
  /** terapi's addition: the app's logo (an https or data: URL), shown at the top of every screen. */
  logoUrl?: string;
};

export type ConnectUIEvent =
  | { type: 'ready' }
  | { type: 'close' }
  | { type: 'connect'; payload: { providerConfigKey: string; connectionId: string; isPending?: boolean } }
  | { type: 'error'; payload: { errorType: string; errorMessage: string } }
  | { type: 'settings_changed'; payload: ConnectUISettings };

export const isEmbedded: boolean = typeof window !== 'undefined' && window.parent !== window;

export function postToParent(event: ConnectUIEvent): void {
  if (isEmbedded) window.parent.postMessage(event, '*');
}

/** Says `ready` and resolves with the first `session_token` the parent window sends (later ones replace it). */
export function listenForSessionToken(onToken: (token: string) => void): () => void {
  const listener = (e: MessageEvent) => {
    if (e.source !== window.parent) return;
    const data = e.data as { type?: unknown; sessionToken?: unknown } | null;
    if (data && data.type === 'session_token' && typeof data.sessionToken === 'string') onToken(data.sessionToken);
  };
  window.addEventListener('message', listener);
  postToParent({ type: 'ready' });
  return () => window.removeEventListener('message', listener);
}
