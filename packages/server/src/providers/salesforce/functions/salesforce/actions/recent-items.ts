import { createAction } from 'terapi';
import * as z from 'zod';
import { call, dataPath } from 'terapi/salesforce';

// GET /recent?limit=N: the records the user viewed or changed most recently, newest first.
export default createAction({
  description: 'The records the connection’s user viewed or changed most recently.',
  version: '1.0.0',
  endpoint: { method: 'GET', path: '/recent', group: 'Metadata' },
  input: z.object({ limit: z.number().int().min(1).max(200).optional() }).optional(),
  output: z.object({ items: z.array(z.object({ type: z.string(), id: z.string(), name: z.string().nullable() })) }),
  exec: async (nango, input) => {
    const res = await call<(Record<string, unknown> & { attributes: { type: string } })[]>(nango, { method: 'GET', endpoint: dataPath('/recent'), params: { limit: input?.limit ?? 25 } });
    return { items: res.data.map((r) => ({ type: r.attributes.type, id: String(r.Id), name: typeof r.Name === 'string' ? r.Name : null })) };
  },
});
