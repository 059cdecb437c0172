// TWO_STEP (and JWT): credentials the user submits (for Salesforce: consumer key, username, private key)
// buy a token at the provider's token URL — with a freshly signed JWT bearer assertion when the catalog
// has `jwt_bearer` (spec/salesforce.md §1.6) — optionally exchanged for a second token (`token_exchange`,
// the Data Cloud step of §1.7, whose expires_in dates it). Refresh runs the same steps again: a new
// assertion each time, nothing replayed, no refresh token to lose. A pre-signed assertion (`jwt_bearer.pre_signed`,
// Nango's `jwt` credential) is sent as is instead when no key is given; it works until its exp.
import { TerapiError } from '../../errors/terapi-error.js';
import type { Connection } from '../../connections/connection-store.js';
import type { Provider } from '../../providers/provider-catalog.js';
import { interpolate, interpolateUrl, TemplateError, type TemplateScope } from '../../providers/template.js';
import { explainPreSignedRefusal } from '../jwt-bearer/pre-signed-assertion.js';
import { hostOfPasted } from '../../providers/pasted-host.js';
import type { AuthMode } from '../../providers/provider-schema.js';
import type { AuthContext, AuthStrategy, IssuedCredentials } from '../auth-strategy.js';
import { signAssertion } from '../jwt-bearer/jwt-assertion.js';
import { connectionConfigFrom, expiryOf } from '../oauth2/issued-credentials.js';
import { postTokenRequest } from '../oauth2/token-endpoint.js';
import { allowedProviderUrl } from '../../providers/allowed-hosts.js';

/** The fields of `provider.credentials` a user must submit; every other key except `type` is dropped. */
export function submittedCredentials(provider: Provider, body: Record<string, unknown>): Record<string, string> {
  const fields = provider.credentials ?? {};
  const out: Record<string, string> = {};
  const issues: { code: string; message: string; path: string[] }[] = [];
  for (const [key, field] of Object.entries(fields)) {
    const value = body[key];
    if (value === undefined || value === null || value === '') {
      const other = field.required_unless;
      const alternativeGiven = other !== undefined && typeof body[other] === 'string' && body[other] !== '';
      if (!field.optional && !alternativeGiven) {
        const or = other ? ` (or ${fields[other]?.title ?? other} in ${other})` : '';
        issues.push({ code: 'required', message: `${field.title} (${key}) is required${or}`, path: [key] });
      }
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
  if (issues.length) throw new TerapiError('invalid_body.fields', { issues: issues.map((i) => i.message).join('; ') }, { errors: issues });
  return out;
}

/** A template whose references may all be unset: undefined then, instead of a TemplateError. */
function optionalInterpolate(template: string | undefined, scope: TemplateScope): string | undefined {
  if (template === undefined) return undefined;
  try {
    return interpolate(template, scope) || undefined;
  } catch (err) {
    if (err instanceof TemplateError) return undefined;
    throw err;
  }
}

export async function issueTwoStep(ctx: AuthContext, submitted: Record<string, string>, connectionConfig: Record<string, unknown>): Promise<IssuedCredentials> {
  const { provider } = ctx;
  const scope = { credentials: submitted, connectionConfig };
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(provider.token_params ?? {})) params[k] = interpolate(v, scope);
  let preSigned: string | undefined;
  if (provider.jwt_bearer) {
    const j = provider.jwt_bearer;
    // Key material wins over a pre-signed assertion: a freshly signed one never expires on the user.
    const privateKey = optionalInterpolate(j.private_key, scope);
    preSigned = privateKey ? undefined : optionalInterpolate(j.pre_signed, scope);
    params.assertion =
      preSigned ??
      (await signAssertion(interpolate(j.private_key, scope), {
        issuer: interpolate(j.issuer, scope),
        subject: interpolate(j.subject, scope),
        audience: interpolate(j.audience, scope),
        expiresInSeconds: j.expires_in_seconds,
      }));
  }
  let step1;
  try {
    step1 = await postTokenRequest(ctx.http, ctx.hooks, {
      provider,
      url: interpolateUrl(provider.token_url!, scope),
      params,
      connectionConfig,
      headers: provider.token_headers,
    });
  } catch (err) {
    throw preSigned ? explainPreSignedRefusal(err, preSigned) : err;
  }
  // Checked before the exchange, which step 1's own instance_url steers (issue 9 point 3).
  const step1Config = connectionConfigFrom(step1, provider, ctx.hooks);
  let final = step1;
  if (provider.token_exchange) {
    const exchangeScope = { step1, credentials: submitted, connectionConfig };
    const exchangeParams: Record<string, string> = {};
    for (const [k, v] of Object.entries(provider.token_exchange.params)) exchangeParams[k] = interpolate(v, exchangeScope);
    const exchangeUrl = allowedProviderUrl(provider, interpolate(provider.token_exchange.url, exchangeScope), { label: 'the token exchange URL', from: 'token_response' });
    final = await postTokenRequest(ctx.http, ctx.hooks, {
      provider,
      url: exchangeUrl.toString(),
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
    connectionConfig: { ...step1Config, ...(final !== step1 ? connectionConfigFrom(final, provider, ctx.hooks) : {}) },
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
