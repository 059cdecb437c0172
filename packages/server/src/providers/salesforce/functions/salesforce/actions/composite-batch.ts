import { createAction } from 'terapi';
import * as z from 'zod';
import { call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.9 POST /composite/batch: up to 25 independent subrequests; with haltOnError later ones answer 412.
export default createAction({
  description: 'Composite batch: up to 25 independent subrequests in one call.',
  version: '1.0.0',
  endpoint: { method: 'POST', path: '/composite/batch', group: 'Composite' },
  input: z.object({
    haltOnError: z.boolean().optional(),
    batchRequests: z.array(z.object({ method: z.enum(['GET', 'POST', 'PATCH', 'DELETE']), url: z.string().min(1), richInput: z.unknown().optional() })).min(1).max(25),
  }),
  output: z.object({ hasErrors: z.boolean(), results: z.array(z.object({ statusCode: z.number(), result: z.unknown() })) }),
  exec: async (nango, input) => (await call<{ hasErrors: boolean; results: { statusCode: number; result: unknown }[] }>(nango, { method: 'POST', endpoint: dataPath('/composite/batch'), data: input })).data,
});
