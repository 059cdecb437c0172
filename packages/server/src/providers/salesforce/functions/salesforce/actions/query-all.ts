import { createAction } from 'terapi';
import * as z from 'zod';
import { call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.5: queryAll also returns rows in the recycle bin (IsDeleted = true), merged rows and archived activities.
export default createAction({
  description: 'Runs a SOQL queryAll (deleted and archived rows included) and returns its first batch; continue with query-more.',
  version: '1.0.0',
  endpoint: { method: 'POST', path: '/query-all', group: 'Query' },
  input: z.object({ query: z.string().min(1) }),
  output: z.object({ totalSize: z.number(), done: z.boolean(), nextRecordsUrl: z.string().optional(), records: z.array(z.record(z.string(), z.unknown())) }),
  exec: async (nango, input) => {
    const res = await call<{ totalSize: number; done: boolean; nextRecordsUrl?: string; records: Record<string, unknown>[] }>(nango, { method: 'GET', endpoint: dataPath('/queryAll'), params: { q: input.query } });
    return { totalSize: res.data.totalSize, done: res.data.done, ...(res.data.nextRecordsUrl ? { nextRecordsUrl: res.data.nextRecordsUrl } : {}), records: res.data.records };
  },
});
