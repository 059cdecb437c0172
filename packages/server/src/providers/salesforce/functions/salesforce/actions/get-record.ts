import { createAction } from 'terapi';
import * as z from 'zod';
import { apiName, call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.6: GET /sobjects/{Type}/{Id}[?fields=…].
export default createAction({
  description: 'Reads one record by id (all fields, or those named).',
  version: '1.0.0',
  endpoint: { method: 'GET', path: '/record', group: 'Records' },
  input: z.object({ object: z.string().min(1), id: z.string().min(15).max(18), fields: z.array(z.string()).optional() }),
  output: z.object({ id: z.string(), object: z.string(), fields: z.record(z.string(), z.unknown()) }),
  exec: async (nango, input) => {
    const res = await call<Record<string, unknown>>(nango, {
      method: 'GET',
      endpoint: dataPath(`/sobjects/${apiName('object', input.object)}/${apiName('id', input.id)}`),
      ...(input.fields?.length ? { params: { fields: input.fields.map((f) => apiName('field', f)).join(',') } } : {}),
    });
    const { attributes: _a, ...fields } = res.data;
    return { id: String(fields.Id ?? input.id), object: input.object, fields };
  },
});
