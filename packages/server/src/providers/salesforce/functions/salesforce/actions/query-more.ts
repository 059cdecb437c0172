import { createAction } from 'terapi';
import * as z from 'zod';
import { call } from 'terapi/salesforce';

// spec/salesforce.md §3.5: the next batch of a query or queryAll, from the `nextRecordsUrl` of the previous one.
export default createAction({
  description: 'The next batch of a SOQL query (queryMore), from the previous batch’s nextRecordsUrl.',
  version: '1.0.0',
  endpoint: { method: 'POST', path: '/query-more', group: 'Query' },
  input: z.object({ nextRecordsUrl: z.string().regex(/^\/services\/data\/v\d+\.\d+\/query\/[A-Za-z0-9-]+$/) }),
  output: z.object({ totalSize: z.number(), done: z.boolean(), nextRecordsUrl: z.string().optional(), records: z.array(z.record(z.string(), z.unknown())) }),
  exec: async (nango, input) => {
    const res = await call<{ totalSize: number; done: boolean; nextRecordsUrl?: string; records: Record<string, unknown>[] }>(nango, { method: 'GET', endpoint: input.nextRecordsUrl });
    return { totalSize: res.data.totalSize, done: res.data.done, ...(res.data.nextRecordsUrl ? { nextRecordsUrl: res.data.nextRecordsUrl } : {}), records: res.data.records };
  },
});
