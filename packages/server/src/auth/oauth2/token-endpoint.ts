// Token endpoint calls (RFC 6749 §3.2, §4.1.3, §4.4, §6; RFC 7523 §2.1): one function posts the form,
// authenticates the client as the catalog says (§2.3.1: body by default, Basic when configured), and
// turns a refusal into a coded error, letting the provider module explain its own gotchas.
import { TerapiError } from '../../errors/terapi-error.js';
import type { OutboundHttp } from '../../outbound/outbound-http.js';
import { UPSTREAM_ADDRESS_FORBIDDEN } from '../../outbound/private-network-guard.js';
import type { Provider } from '../../providers/provider-catalog.js';
import { hooksOf, type ProviderHooksRegistry } from '../../providers/provider-hooks.js';

export interface TokenRequest {
  provider: Provider;
  url: string;
  params: Record<string, string | undefined>;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  connectionConfig: Record<string, unknown>;
  headers?: Record<string, string> | undefined;
}

export type TokenResponse = Record<string, unknown>;

export async function postTokenRequest(http: OutboundHttp, hooks: ProviderHooksRegistry, req: TokenRequest): Promise<TokenResponse> {
  const params = { ...req.params };
  const headers: Record<string, string> = { ...req.headers };
  if (req.clientId !== undefined) {
    if (req.provider.token_request_auth_method === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(req.clientId)}:${encodeURIComponent(req.clientSecret ?? '')}`).toString('base64')}`;
    } else {
      params.client_id = req.clientId;
      params.client_secret = req.clientSecret;
    }
  }
  const grantType = params.grant_type ?? 'unknown';
  let res: Awaited<ReturnType<OutboundHttp['postForm']>>;
  try {
    res = await http.postForm(req.url, params, { headers });
  } catch (err) {
    // A token URL built from connection data that resolves to a private address can never succeed: no retry.
    if ((err as { code?: string }).code === UPSTREAM_ADDRESS_FORBIDDEN) throw new TerapiError('upstream_address_forbidden.refused', { reason: (err as Error).message }, { detail: { url: req.url } });
    throw new TerapiError('token_err.unreachable', { url: req.url, reason: (err as Error).message }, {
      detail: { url: req.url },
      cause: err,
    });
  }
  if (res.status >= 200 && res.status < 300 && res.body && typeof res.body === 'object' && 'access_token' in res.body) {
    return res.body as TokenResponse;
  }
  const explained = hooksOf(hooks, req.provider).explainTokenError?.({
    provider: req.provider,
    url: req.url,
    status: res.status,
    body: res.body,
    grantType,
    connectionConfig: req.connectionConfig,
  });
  if (explained) throw explained;
  const body = (res.body && typeof res.body === 'object' ? res.body : {}) as { error?: string; error_description?: string };
  const what = body.error ? `${body.error}${body.error_description ? `: ${body.error_description}` : ''}` : `HTTP ${res.status}`;
  throw new TerapiError('token_err.refused', { provider: req.provider.display_name, grant_type: grantType, what }, {
    payload: { status: res.status, error: body.error, error_description: body.error_description },
    detail: { url: req.url },
  });
}

/** RFC 6749 §5.2 error of a token response, when there is one. */
export function oauthErrorOf(err: unknown): string | undefined {
  if (!(err instanceof TerapiError)) return undefined;
  const p = err.payload as { error?: unknown } | undefined;
  return typeof p?.error === 'string' ? p.error : undefined;
}
