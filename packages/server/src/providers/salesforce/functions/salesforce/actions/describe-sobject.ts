import { createAction } from 'terapi';
import * as z from 'zod';
import { apiName, call, dataPath } from 'terapi/salesforce';

// spec/salesforce.md §3.4: GET /sobjects/{Type}/describe — fields with their types, custom fields included.
export default createAction({
  description: 'Describes one object: its fields (name, type, label, custom, nillable, picklist values, references).',
  version: '1.0.0',
  endpoint: { method: 'GET', path: '/describe', group: 'Metadata' },
  input: z.object({ object: z.string().min(1) }),
  output: z.object({
    name: z.string(), label: z.string(), custom: z.boolean(),
    fields: z.array(z.object({ name: z.string(), label: z.string(), type: z.string(), custom: z.boolean(), nillable: z.boolean(), externalId: z.boolean(), referenceTo: z.array(z.string()), picklistValues: z.array(z.string()) })),
  }),
  exec: async (nango, input) => {
    const res = await call<{ name: string; label: string; custom: boolean; fields: Record<string, unknown>[] }>(nango, { method: 'GET', endpoint: dataPath(`/sobjects/${apiName('object', input.object)}/describe`) });
    return {
      name: res.data.name, label: res.data.label, custom: res.data.custom === true,
      fields: res.data.fields.map((f) => ({
        name: String(f.name), label: String(f.label), type: String(f.type), custom: f.custom === true, nillable: f.nillable === true, externalId: f.externalId === true,
        referenceTo: Array.isArray(f.referenceTo) ? f.referenceTo.map(String) : [],
        picklistValues: Array.isArray(f.picklistValues) ? f.picklistValues.map((p) => String((p as { value?: unknown }).value)) : [],
      })),
    };
  },
});
