import { createAction } from 'terapi';
import * as z from 'zod';
import { call, dataPath } from 'terapi/salesforce';

// GET /search?q=FIND {…} RETURNING …: full-text search across objects; answers {searchRecords: [...]}.
export default createAction({
  description: 'Runs a SOSL search (FIND {term} IN ALL FIELDS RETURNING Account(Id, Name), …).',
  version: '1.0.0',
  endpoint: { method: 'POST', path: '/search', group: 'Query' },
  input: z.object({ search: z.string().min(1).startsWith('FIND') }),
  output: z.object({ searchRecords: z.array(z.object({ type: z.string(), id: z.string(), fields: z.record(z.string(), z.unknown()) })) }),
  exec: async (nango, input) => {
    const res = await call<{ searchRecords: (Record<string, unknown> & { attributes: { type: string } })[] }>(nango, { method: 'GET', endpoint: dataPath('/search'), params: { q: input.search } });
    return { searchRecords: res.data.searchRecords.map(({ attributes, ...fields }) => ({ type: attributes.type, id: String(fields.Id), fields })) };
  },
});
