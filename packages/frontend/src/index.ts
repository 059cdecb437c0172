// @terapi/frontend: the browser SDK of terapi, a drop-in for @nangohq/frontend (`import Nango from …` works).
export { TerapiFrontend, TerapiFrontend as default, type TerapiFrontendOptions, type NangoOptions } from './terapi-frontend.js';
export { AuthError, type AuthErrorType, type KnownAuthErrorType } from './auth-error.js';
export { ConnectUI, type ConnectUIProps, type OnConnectEvent } from './connect-ui.js';
export { OAuthPopup } from './oauth-popup.js';
export type * from './types.js';
