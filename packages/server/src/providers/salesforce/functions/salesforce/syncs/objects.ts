import { createSync } from 'terapi';
import * as z from 'zod';
import { checkFields, describeFields, soqlDatetime, type SoqlRecord, MultiObjectCheckpoint, syncObjectsIncrementally } from 'terapi/salesforce';

/** Any object's record: its type, its stamp and the chosen fields as Salesforce names them. */
const SalesforceObjectRecord = z.object({
  id: z.string(),
  object: z.string(),
  system_modstamp: z.string(),
  fields: z.record(z.string(), z.unknown()),
});

/** Connection metadata: `{ "objects": { "Invoice__c": ["Name", "Amount__c"], "Account": ["Name"] } }`. */
const ObjectsMetadata = z.object({ objects: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/)).min(1)) });

export default createSync({
  description: 'Any standard or custom Salesforce objects, with the fields chosen in connection metadata (checked against describe), incremental on SystemModstamp, deletions included.',
  version: '1.0.0',
  endpoints: [{ method: 'GET', path: '/objects', group: 'Objects' }],
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'incremental',
  models: { SalesforceObjectRecord },
  metadata: ObjectsMetadata,
  checkpoint: MultiObjectCheckpoint,
  exec: async (nango) => {
    const parsed = ObjectsMetadata.safeParse(await nango.getMetadata());
    if (!parsed.success) {
      throw new Error('Set the objects to follow in the connection metadata, e.g. {"objects": {"Invoice__c": ["Name", "Amount__c"]}} (API names of objects and fields).');
    }
    const queries = [];
    for (const [object, wanted] of Object.entries(parsed.data.objects)) {
      const fields = checkFields(object, wanted, await describeFields(nango, object));
      queries.push({
        object,
        model: 'SalesforceObjectRecord',
        fields,
        toRecord: (r: SoqlRecord) => ({
          id: r.Id,
          object,
          system_modstamp: soqlDatetime(r.SystemModstamp),
          fields: Object.fromEntries(fields.map((f) => [f, r[f] ?? null])),
        }),
      });
    }
    await syncObjectsIncrementally(nango, queries);
  },
});
