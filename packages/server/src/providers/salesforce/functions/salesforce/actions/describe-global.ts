import { createAction } from 'terapi';
import * as z from 'zod';
import { call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.3: GET /sobjects — every object the user can see, custom ones included.
export default createAction({
  description: 'Lists the org’s objects (describe global), custom objects included.',
  version: '1.0.0',
  endpoint: { method: 'GET', path: '/describe-global', group: 'Metadata' },
  input: z.object({}).optional(),
  output: z.object({ sobjects: z.array(z.object({ name: z.string(), label: z.string(), custom: z.boolean(), queryable: z.boolean(), createable: z.boolean(), updateable: z.boolean(), deletable: z.boolean(), keyPrefix: z.string().nullable() })) }),
  exec: async (nango) => {
    const res = await call<{ sobjects: Record<string, unknown>[] }>(nango, { method: 'GET', endpoint: dataPath('/sobjects') });
    return {
      sobjects: res.data.sobjects.map((o) => ({
        name: String(o.name), label: String(o.label), custom: o.custom === true, queryable: o.queryable !== false, createable: o.createable === true,
        updateable: o.updateable === true, deletable: o.deletable === true, keyPrefix: typeof o.keyPrefix === 'string' ? o.keyPrefix : null,
      })),
    };
  },
});
