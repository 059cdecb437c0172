// What the page is told by its URL: the connect link gives `session_token`; @nangohq/frontend's openConnectUI
// gives `apiURL`, `detectClosedAuthWindow`, `lang` and `theme` (nango-api.md §3.7).
export type ThemeChoice = 'light' | 'dark' | 'system';

export interface ConnectParams {
  /** Only in a standalone connect link; inside an iframe the parent posts it. */
  sessionToken: string | null;
  /** terapi's API origin; the UI is served by terapi itself, so by default the page's own origin. */
  apiURL: string;
  lang: string | null;
  theme: ThemeChoice | null;
  /** A closed popup is reported unless the host page opts out. */
  detectClosedAuthWindow: boolean;
}

export function readConnectParams(location: Location = window.location): ConnectParams {
  const q = new URLSearchParams(location.search);
  const theme = q.get('theme');
  return {
    sessionToken: q.get('session_token'),
    apiURL: (q.get('apiURL') ?? location.origin).replace(/\/+$/, ''),
    lang: q.get('lang'),
    theme: theme === 'light' || theme === 'dark' || theme === 'system' ? theme : null,
    detectClosedAuthWindow: q.get('detectClosedAuthWindow') !== 'false',
  };
}
