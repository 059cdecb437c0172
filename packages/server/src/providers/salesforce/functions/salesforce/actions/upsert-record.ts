import { createAction } from 'terapi';
import * as z from 'zod';
import { apiName, call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.6: PATCH /sobjects/{Type}/{ExtIdField}/{value} → 201 created / 200 updated; 300 when the
// external id matches several records (the body lists their URLs).
export default createAction({
  description: 'Creates or updates a record by an external id field (e.g. Ext_Id__c). Neither Id nor the external id field goes in `fields`.',
  version: '1.0.0',
  endpoint: { method: 'PUT', path: '/record', group: 'Records' },
  input: z.object({ object: z.string().min(1), externalIdField: z.string().min(1), externalId: z.string().min(1), fields: z.record(z.string(), z.unknown()), updateOnly: z.boolean().optional() }),
  output: z.object({ id: z.string(), created: z.boolean() }),
  exec: async (nango, input) => {
    const res = await call<{ id: string; created?: boolean }>(nango, {
      method: 'PATCH',
      endpoint: dataPath(`/sobjects/${apiName('object', input.object)}/${apiName('field', input.externalIdField)}/${encodeURIComponent(input.externalId)}`),
      data: input.fields,
      ...(input.updateOnly ? { params: { updateOnly: 'true' } } : {}),
    });
    return { id: res.data.id, created: res.data.created ?? res.status === 201 };
  },
});
