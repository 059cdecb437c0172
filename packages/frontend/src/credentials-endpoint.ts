// Which POST endpoint and body a credentials object goes to (nango-api.md §3.2 table), in Nango's order.
// `undefined` means the popup OAuth flow.
import type { AuthOptions, Credentials } from './types.js';

export interface PostAuthRequest {
  /** Path below the host, before the provider config key, e.g. `/oauth2/auth`. */
  path: string;
  body: Record<string, unknown>;
}

const has = (o: object, ...keys: string[]) => keys.every((k) => k in o);

/** §3.2 step 2: credentials that are only an OAuth client override still go through the popup. */
export function isCustomAuth(options: AuthOptions | undefined): boolean {
  if (!options) return false;
  if ('installation' in options && options.installation === 'outbound') return true;
  const c = 'credentials' in options ? options.credentials : undefined;
  if (!c || Object.keys(c).length === 0) return false;
  return has(c, 'token_id', 'token_secret') || !has(c, 'oauth_client_id_override', 'oauth_client_secret_override');
}

/** Nango's reduction of unknown credential shapes to the keys the strict endpoints accept. */
function reduced(c: Record<string, any>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if ('username' in c) out.username = c.username || '';
  if ('password' in c) out.password = c.password || '';
  if ('apiKey' in c) out.apiKey = c.apiKey || '';
  if ('role_arn' in c) out.role_arn = c.role_arn;
  if ('region' in c && c.region) out.region = c.region;
  return out;
}

/** Nango's `convertCredentialsToConfig`, in its order: the first shape that matches wins. */
function credentialsBody(c: Record<string, any>): Record<string, unknown> {
  if (c.type === 'SIGNATURE' && has(c, 'username', 'password')) return { type: c.type, username: c.username, password: c.password };
  if (c.type === 'AWS_SIGV4') return { type: c.type, role_arn: c.role_arn, ...(c.region ? { region: c.region } : {}) };
  if ('privateKey' in c || c.type === 'JWT' || c.type === 'TWO_STEP') return { ...c };
  if ('client_id' in c && ('client_secret' in c || 'client_private_key' in c)) {
    return { client_id: c.client_id, client_secret: c.client_secret, client_certificate: c.client_certificate, client_private_key: c.client_private_key };
  }
  if (has(c, 'token_id', 'token_secret')) {
    const body: Record<string, unknown> = { token_id: c.token_id, token_secret: c.token_secret };
    if ('oauth_client_id_override' in c) body.oauth_client_id_override = c.oauth_client_id_override;
    if ('oauth_client_secret_override' in c) body.oauth_client_secret_override = c.oauth_client_secret_override;
    return body;
  }
  if (has(c, 'username', 'password', 'organization_id', 'dev_key')) return { username: c.username, password: c.password, organization_id: c.organization_id, dev_key: c.dev_key };
  return reduced(c);
}

export function postAuthRequest(credentials: Credentials | undefined, options: { installation?: 'outbound' | undefined; assertionOption?: Record<string, string> | undefined }): PostAuthRequest | undefined {
  const c = credentialsBody((credentials ?? {}) as Record<string, any>);
  if (c.type === 'TWO_STEP') {
    const assertion = options.assertionOption && Object.keys(options.assertionOption).length > 0 ? { assertionOption: options.assertionOption } : {};
    return { path: '/auth/two-step', body: { ...c, ...assertion } };
  }
  if (c.type === 'SIGNATURE' && has(c, 'username', 'password')) return { path: '/auth/signature', body: c };
  if (c.type === 'AWS_SIGV4' && 'role_arn' in c) return { path: '/auth/aws-sigv4', body: { role_arn: c.role_arn, region: c.region } };
  if (has(c, 'username', 'password', 'organization_id', 'dev_key')) return { path: '/auth/bill', body: c };
  if ('apiKey' in c) return { path: '/api-auth/api-key', body: c };
  if ('username' in c || 'password' in c) return { path: '/api-auth/basic', body: c };
  if ('privateKey' in c || c.type === 'JWT') return { path: '/auth/jwt', body: c };
  if (has(c, 'token_id', 'token_secret')) return { path: '/auth/tba', body: c };
  if ('client_id' in c && ('client_secret' in c || 'client_private_key' in c)) return { path: '/oauth2/auth', body: c };
  if (options.installation === 'outbound') return { path: '/auth/oauth-outbound', body: {} };
  return undefined;
}
