import { createAction } from 'terapi';
import * as z from 'zod';
import { call, dataPath } from 'terapi/salesforce';

// Composite graph (POST /composite/graph): several composite graphs, each all-or-none on its own, up to 500 nodes.
const Node = z.object({ method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']), url: z.string().startsWith('/services/data/'), referenceId: z.string().regex(/^[A-Za-z0-9_]+$/), body: z.unknown().optional() });

export default createAction({
  description: 'Composite graph: independent graphs of dependent subrequests, each graph all-or-none.',
  version: '1.0.0',
  endpoint: { method: 'POST', path: '/composite/graph', group: 'Composite' },
  input: z.object({ graphs: z.array(z.object({ graphId: z.string().min(1), compositeRequest: z.array(Node).min(1) })).min(1) }),
  output: z.object({ graphs: z.array(z.object({ graphId: z.string(), isSuccessful: z.boolean(), graphResponse: z.unknown() })) }),
  exec: async (nango, input) => (await call<{ graphs: { graphId: string; isSuccessful: boolean; graphResponse: unknown }[] }>(nango, { method: 'POST', endpoint: dataPath('/composite/graph'), data: input })).data,
});
