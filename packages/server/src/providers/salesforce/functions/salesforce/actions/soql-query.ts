import { createAction } from 'terapi';
import * as z from 'zod';

const API_VERSION = 'v60.0';

// spec/salesforce.md §3.5: query (or queryAll with includeDeleted), following nextRecordsUrl until done or maxRecords.
export default createAction({
  description: 'Runs a SOQL query and returns its records (follows nextRecordsUrl up to maxRecords).',
  version: '1.0.0',
  endpoint: { method: 'POST', path: '/soql-query', group: 'Query' },
  input: z.object({
    query: z.string().min(1),
    includeDeleted: z.boolean().optional(),
    maxRecords: z.number().int().min(1).max(50_000).optional(),
  }),
  output: z.object({
    totalSize: z.number(),
    done: z.boolean(),
    records: z.array(z.record(z.string(), z.unknown())),
  }),
  exec: async (nango, input) => {
    const max = input.maxRecords ?? 2_000;
    let res = await nango.get<{ totalSize: number; done: boolean; nextRecordsUrl?: string; records: Record<string, unknown>[] }>({
      endpoint: `/services/data/${API_VERSION}/${input.includeDeleted ? 'queryAll' : 'query'}`,
      params: { q: input.query },
    });
    const records = [...res.data.records];
    while (!res.data.done && res.data.nextRecordsUrl && records.length < max) {
      res = await nango.get({ endpoint: res.data.nextRecordsUrl });
      records.push(...res.data.records);
    }
    const truncated = records.length > max;
    return { totalSize: res.data.totalSize, done: res.data.done && !truncated, records: records.slice(0, max) };
  },
});
