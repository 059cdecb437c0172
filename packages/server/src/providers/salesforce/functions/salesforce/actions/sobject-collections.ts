import { createAction } from 'terapi';
import * as z from 'zod';
import { apiName, call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.9 sObject Collections: up to 200 records per request; per-record results in request order,
// with per-record errors under `statusCode` (here: errorCode, as everywhere else in these actions).
const Record_ = z.record(z.string(), z.unknown());
const Result = z.object({ id: z.string().nullable(), success: z.boolean(), created: z.boolean().optional(), errors: z.array(z.object({ errorCode: z.string(), message: z.string(), fields: z.array(z.string()) })) });

export default createAction({
  description: 'sObject Collections: create, update, upsert (by external id), delete or retrieve up to 200 records in one call.',
  version: '1.0.0',
  endpoint: { method: 'POST', path: '/collections', group: 'Records' },
  input: z.discriminatedUnion('operation', [
    z.object({ operation: z.literal('create'), allOrNone: z.boolean().optional(), records: z.array(z.object({ object: z.string(), fields: Record_ })).min(1).max(200) }),
    z.object({ operation: z.literal('update'), allOrNone: z.boolean().optional(), records: z.array(z.object({ object: z.string(), id: z.string(), fields: Record_ })).min(1).max(200) }),
    z.object({ operation: z.literal('upsert'), object: z.string(), externalIdField: z.string(), allOrNone: z.boolean().optional(), records: z.array(Record_).min(1).max(200) }),
    z.object({ operation: z.literal('delete'), allOrNone: z.boolean().optional(), ids: z.array(z.string()).min(1).max(200) }),
    z.object({ operation: z.literal('retrieve'), object: z.string(), ids: z.array(z.string()).min(1).max(200), fields: z.array(z.string()).min(1) }),
  ]),
  output: z.object({ results: z.array(Result).optional(), records: z.array(Record_.nullable()).optional() }),
  exec: async (nango, input) => {
    type Raw = { id?: string | null; success: boolean; created?: boolean; errors: { statusCode?: string; errorCode?: string; message: string; fields?: string[] }[] };
    const results = (raw: Raw[]) => ({
      results: raw.map((r) => ({
        id: r.id ?? null,
        success: r.success,
        ...(r.created !== undefined ? { created: r.created } : {}),
        errors: r.errors.map((e) => ({ errorCode: e.statusCode ?? e.errorCode ?? 'UNKNOWN_ERROR', message: e.message, fields: e.fields ?? [] })),
      })),
    });
    const allOrNone = 'allOrNone' in input ? input.allOrNone === true : false;
    switch (input.operation) {
      case 'create':
        return results((await call<Raw[]>(nango, { method: 'POST', endpoint: dataPath('/composite/sobjects'), data: { allOrNone, records: input.records.map((r) => ({ attributes: { type: apiName('object', r.object) }, ...r.fields })) } })).data);
      case 'update':
        return results((await call<Raw[]>(nango, { method: 'PATCH', endpoint: dataPath('/composite/sobjects'), data: { allOrNone, records: input.records.map((r) => ({ attributes: { type: apiName('object', r.object) }, id: r.id, ...r.fields })) } })).data);
      case 'upsert':
        return results((await call<Raw[]>(nango, { method: 'PATCH', endpoint: dataPath(`/composite/sobjects/${apiName('object', input.object)}/${apiName('field', input.externalIdField)}`), data: { allOrNone, records: input.records.map((r) => ({ attributes: { type: input.object }, ...r })) } })).data);
      case 'delete':
        return results((await call<Raw[]>(nango, { method: 'DELETE', endpoint: dataPath('/composite/sobjects'), params: { ids: input.ids.join(','), allOrNone: String(allOrNone) } })).data);
      case 'retrieve': {
        const res = await call<(Record<string, unknown> | null)[]>(nango, { method: 'GET', endpoint: dataPath(`/composite/sobjects/${apiName('object', input.object)}`), params: { ids: input.ids.join(','), fields: input.fields.map((f) => apiName('field', f)).join(',') } });
        return { records: res.data.map((r) => (r ? Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'attributes')) : null)) };
      }
    }
  },
});
