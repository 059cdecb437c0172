import { createAction } from 'terapi';
import * as z from 'zod';
import { apiName, call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.6: PATCH /sobjects/{Type}/{Id} → 204.
export default createAction({
  description: 'Updates fields of one record by id.',
  version: '1.0.0',
  endpoint: { method: 'PATCH', path: '/record', group: 'Records' },
  input: z.object({ object: z.string().min(1), id: z.string().min(15).max(18), fields: z.record(z.string(), z.unknown()) }),
  output: z.object({ id: z.string(), success: z.boolean() }),
  exec: async (nango, input) => {
    await call(nango, { method: 'PATCH', endpoint: dataPath(`/sobjects/${apiName('object', input.object)}/${apiName('id', input.id)}`), data: input.fields });
    return { id: input.id, success: true };
  },
});
