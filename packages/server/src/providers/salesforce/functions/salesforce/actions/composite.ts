import { createAction } from 'terapi';
import * as z from 'zod';
import { call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.9 POST /composite: up to 25 subrequests (5 queries), later ones refer to earlier results
// with @{refId.field}; one API call. The top-level answer is 200; each subrequest has its own status and body.
export default createAction({
  description: 'Composite request: up to 25 dependent subrequests in one call, optionally all-or-none.',
  version: '1.0.0',
  endpoint: { method: 'POST', path: '/composite', group: 'Composite' },
  input: z.object({
    allOrNone: z.boolean().optional(),
    compositeRequest: z.array(z.object({ method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']), url: z.string().startsWith('/services/data/'), referenceId: z.string().regex(/^[A-Za-z0-9_]+$/), body: z.unknown().optional(), httpHeaders: z.record(z.string(), z.string()).optional() })).min(1).max(25),
  }),
  output: z.object({ compositeResponse: z.array(z.object({ referenceId: z.string(), httpStatusCode: z.number(), body: z.unknown(), httpHeaders: z.record(z.string(), z.string()) })) }),
  exec: async (nango, input) => (await call<{ compositeResponse: { referenceId: string; httpStatusCode: number; body: unknown; httpHeaders: Record<string, string> }[] }>(nango, { method: 'POST', endpoint: dataPath('/composite'), data: input })).data,
});
