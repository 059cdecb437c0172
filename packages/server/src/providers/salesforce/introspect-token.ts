// POST {instance_url}/services/oauth2/introspect (spec/salesforce.md §2.1, RFC 7662). Salesforce answers
// {"active":false} both for a dead token and when the app may not introspect other tokens ("Introspect All
// Tokens" off); a token issued moments ago cannot be dead, so for it that answer means refused.
import { TerapiError } from '../../errors/terapi-error.js';
import type { IntrospectionContext, IntrospectionResult } from '../provider-hooks.js';

const refused = (): IntrospectionResult => ({ kind: 'refused', error: new TerapiError('salesforce_introspection_refused') });

export async function introspectSalesforceToken(ctx: IntrospectionContext): Promise<IntrospectionResult> {
  const base = String(ctx.connectionConfig.instance_url ?? '');
  if (!base || !ctx.clientId || !ctx.clientSecret) return { kind: 'refused' };
  const res = await ctx.http.postForm(`${base.replace(/\/+$/, '')}/services/oauth2/introspect`, {
    token: ctx.accessToken,
    token_type_hint: 'access_token',
    client_id: ctx.clientId,
    client_secret: ctx.clientSecret,
  });
  if (res.status !== 200 || !res.body || typeof res.body !== 'object') return refused();
  const body = res.body as { active?: unknown; exp?: unknown };
  if (body.active !== true) return ctx.justIssued ? refused() : { kind: 'inactive' };
  if (typeof body.exp !== 'number') return refused();
  return { kind: 'active', expiresAt: new Date(body.exp * 1000) };
}
