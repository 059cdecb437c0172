import { createAction } from 'terapi';
import * as z from 'zod';
import { call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.10: GET /limits — {Name: {Max, Remaining}}; values lag by up to about 5 minutes.
export default createAction({
  description: 'The org’s limits (daily API requests, Bulk jobs, storage…), as {name: {max, remaining}}.',
  version: '1.0.0',
  endpoint: { method: 'GET', path: '/limits', group: 'Metadata' },
  input: z.object({}).optional(),
  output: z.object({ limits: z.record(z.string(), z.object({ max: z.number(), remaining: z.number() })) }),
  exec: async (nango) => {
    const res = await call<Record<string, { Max: number; Remaining: number }>>(nango, { method: 'GET', endpoint: dataPath('/limits') });
    return { limits: Object.fromEntries(Object.entries(res.data).map(([k, v]) => [k, { max: v.Max, remaining: v.Remaining }])) };
  },
});
