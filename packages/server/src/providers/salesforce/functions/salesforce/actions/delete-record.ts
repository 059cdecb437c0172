import { createAction } from 'terapi';
import * as z from 'zod';
import { apiName, call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.6: DELETE /sobjects/{Type}/{Id} → 204; the record goes to the recycle bin.
export default createAction({
  description: 'Deletes one record by id (it goes to the recycle bin).',
  version: '1.0.0',
  endpoint: { method: 'DELETE', path: '/record', group: 'Records' },
  input: z.object({ object: z.string().min(1), id: z.string().min(15).max(18) }),
  output: z.object({ id: z.string(), success: z.boolean() }),
  exec: async (nango, input) => {
    await call(nango, { method: 'DELETE', endpoint: dataPath(`/sobjects/${apiName('object', input.object)}/${apiName('id', input.id)}`) });
    return { id: input.id, success: true };
  },
});
