import { createAction } from 'terapi';
import * as z from 'zod';

// spec/salesforce.md §2.3: userinfo, served by the org's own host too, with the connection's bearer token.
export default createAction({
  description: 'The Salesforce user and org behind this connection (OpenID Connect userinfo).',
  version: '1.0.0',
  endpoint: { method: 'GET', path: '/whoami', group: 'Users' },
  input: z.object({}).optional(),
  output: z.object({
    id: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    username: z.string().nullable(),
    organizationId: z.string(),
  }),
  exec: async (nango) => {
    const res = await nango.get<Record<string, unknown>>({ endpoint: '/services/oauth2/userinfo' });
    const u = res.data;
    const s = (v: unknown) => (typeof v === 'string' ? v : null);
    return { id: String(u.user_id), email: s(u.email), name: s(u.name), username: s(u.preferred_username), organizationId: String(u.organization_id) };
  },
});
