// POST {instance_url}/services/oauth2/introspect (spec/salesforce.md §2.1, RFC 7662). Salesforce answers
// {"active":false} both for a dead token and when the app may not introspect other tokens.
import type { IntrospectionContext, IntrospectionResult } from '../provider-hooks.js';

export async function introspectSalesforceToken(ctx: IntrospectionContext): Promise<IntrospectionResult> {
  const base = String(ctx.connectionConfig.instance_url ?? '');
  if (!base) return { kind: 'refused' };
  const res = await ctx.http.postForm(`${base.replace(/\/+$/, '')}/services/oauth2/introspect`, {
    token: ctx.accessToken,
    token_type_hint: 'access_token',
    client_id: ctx.clientId,
    client_secret: ctx.clientSecret,
  });
  if (res.status !== 200 || !res.body || typeof res.body !== 'object') return { kind: 'refused' };
  const body = res.body as { active?: unknown; exp?: unknown };
  if (body.active !== true) return { kind: 'inactive' };
  if (typeof body.exp !== 'number') return { kind: 'refused' };
  return { kind: 'active', expiresAt: new Date(body.exp * 1000) };
}
