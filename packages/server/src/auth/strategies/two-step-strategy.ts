// TWO_STEP (and JWT): credentials the user submits (for Salesforce: consumer key, username, private key)
// buy a token at the provider's token URL — with a freshly signed JWT bearer assertion when the catalog
// has `jwt_bearer` (spec/salesforce.md §1.6) — optionally exchanged for a second token (`token_exchange`,
// the Data Cloud step of §1.7, whose expires_in dates it). Refresh runs the same steps again: a new
// assertion each time, nothing replayed, no refresh token to lose.
import { TerapiError } from '../../errors/terapi-error.js';
import type { Connection } from '../../connections/connection-store.js';
import type { Provider } from '../../providers/provider-catalog.js';
import { interpolate, interpolateUrl } from '../../providers/template.js';
import { hostOfPasted } from '../../providers/pasted-host.js';
import type { AuthMode } from '../../providers/provider-schema.js';
import type { AuthContext, AuthStrategy, IssuedCredentials } from '../auth-strategy.js';
import { signAssertion } from '../jwt-bearer/jwt-assertion.js';
import { connectionConfigFrom, expiryOf } from '../oauth2/issued-credentials.js';
import { postTokenRequest } from '../oauth2/token-endpoint.js';

/** The fields of `provider.credentials` a user must submit; every other key except `type` is dropped. */
export function submittedCredentials(provider: Provider, body: Record<string, unknown>): Record<string, string> {
  const fields = provider.credentials ?? {};
  const out: Record<string, string> = {};
  const issues: { code: string; message: string; path: string[] }[] = [];
  for (const [key, field] of Object.entries(fields)) {
    const value = body[key];
    if (value === undefined || value === null || value === '') {
      if (!field.optional) issues.push({ code: 'required', message: `${field.title} (${key}) is required`, path: [key] });
      continue;
    }
    if (typeof value !== 'string') {
      issues.push({ code: 'invalid_type', message: `${field.title} (${key}) must be a string`, path: [key] });
      continue;
    }
    let v = value.trim();
    // A pasted URL where a host is expected means its host (https://login.salesforce.com/ → login.salesforce.com).
    if (field.pattern && !new RegExp(field.pattern).test(v)) v = hostOfPasted(v);
    if (field.pattern && !new RegExp(field.pattern).test(v)) {
      issues.push({ code: 'invalid_string', message: `${field.title} (${key}) "${v}" does not match ${field.pattern}${field.example ? ` (e.g. ${field.example})` : ''}`, path: [key] });
      continue;
    }
    out[key] = v;
  }
  if (issues.length) throw new TerapiError('invalid_body', issues.map((i) => i.message).join('; '), { errors: issues });
  return out;
}

export async function issueTwoStep(ctx: AuthContext, submitted: Record<string, string>, connectionConfig: Record<string, unknown>): Promise<IssuedCredentials> {
  const { provider } = ctx;
  const scope = { credentials: submitted, connectionConfig };
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(provider.token_params ?? {})) params[k] = interpolate(v, scope);
  if (provider.jwt_bearer) {
    const j = provider.jwt_bearer;
    params.assertion = await signAssertion(interpolate(j.private_key, scope), {
      issuer: interpolate(j.issuer, scope),
      subject: interpolate(j.subject, scope),
      audience: interpolate(j.audience, scope),
      expiresInSeconds: j.expires_in_seconds,
    });
  }
  const step1 = await postTokenRequest(ctx.http, ctx.hooks, {
    provider,
    url: interpolateUrl(provider.token_url!, scope),
    params,
    connectionConfig,
    headers: provider.token_headers,
  });
  let final = step1;
  if (provider.token_exchange) {
    const exchangeScope = { step1, credentials: submitted, connectionConfig };
    const exchangeParams: Record<string, string> = {};
    for (const [k, v] of Object.entries(provider.token_exchange.params)) exchangeParams[k] = interpolate(v, exchangeScope);
    final = await postTokenRequest(ctx.http, ctx.hooks, {
      provider,
      url: interpolateUrl(provider.token_exchange.url, exchangeScope),
      params: exchangeParams,
      connectionConfig,
    });
  }
  const tokenExpiresAt = expiryOf(final, provider);
  return {
    credentials: {
      type: provider.auth_mode,
      ...submitted,
      token: String(final.access_token),
      ...(tokenExpiresAt ? { expires_at: tokenExpiresAt.toISOString() } : {}),
      raw: final,
    },
    tokenExpiresAt,
    // The exchange answers without the identity URL: org and user ids come from step 1, the base URL from the last step.
    connectionConfig: { ...(final !== step1 ? connectionConfigFrom(step1, provider, ctx.hooks) : {}), ...connectionConfigFrom(final, provider, ctx.hooks) },
  };
}

function submittedOf(provider: Provider, connection: Connection): Record<string, string> {
  const stored = connection.credentials ?? { type: provider.auth_mode };
  const out: Record<string, string> = {};
  for (const key of Object.keys(provider.credentials ?? {})) if (typeof stored[key] === 'string') out[key] = stored[key] as string;
  return out;
}

function twoStepLike(mode: AuthMode): AuthStrategy {
  return {
    mode,
    accessToken: (c) => (typeof c.token === 'string' ? c.token : undefined),
    refresh: (ctx, connection) => issueTwoStep(ctx, submittedOf(ctx.provider, connection), connection.connectionConfig),
  };
}

export const twoStepStrategy = twoStepLike('TWO_STEP');
export const jwtStrategy = twoStepLike('JWT');
