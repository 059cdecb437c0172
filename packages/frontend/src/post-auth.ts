// The non-popup auth call (nango-api.md §3.3): a JSON POST answered by `{connectionId, providerConfigKey}`,
// or by terapi's error envelope `{error: {code, message}}`, which becomes an AuthError of that code.
import { AuthError } from './auth-error.js';
import type { AuthResult } from './types.js';

export async function postAuth(url: string, body: Record<string, unknown>): Promise<AuthResult> {
  const hasBody = Object.keys(body).length > 0;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, ...(hasBody ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new AuthError(`Could not reach terapi at ${new URL(url).origin}; check the host option and that the server is running.`, 'network_error');
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new AuthError(`terapi answered ${res.status} without JSON; check that the host option points at terapi, not at another site.`, 'unknown_error');
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : 'unknown_error';
    const message = typeof error?.message === 'string' ? error.message : `terapi answered ${res.status}.`;
    throw new AuthError(message, code);
  }
  return json as AuthResult;
}
