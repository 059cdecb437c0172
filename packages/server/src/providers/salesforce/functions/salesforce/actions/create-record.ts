import { createAction } from 'terapi';
import * as z from 'zod';
import { apiName, call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.6: POST /sobjects/{Type} → 201 {id, success, errors}.
export default createAction({
  description: 'Creates a record of any object (standard or custom). Salesforce errors keep their errorCode and fields.',
  version: '1.0.0',
  endpoint: { method: 'POST', path: '/records', group: 'Records' },
  input: z.object({ object: z.string().min(1), fields: z.record(z.string(), z.unknown()) }),
  output: z.object({ id: z.string(), success: z.boolean() }),
  exec: async (nango, input) => {
    const res = await call<{ id: string; success: boolean }>(nango, { method: 'POST', endpoint: dataPath(`/sobjects/${apiName('object', input.object)}`), data: input.fields });
    return { id: res.data.id, success: res.data.success };
  },
});
