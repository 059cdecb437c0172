import { createSync } from 'terapi';
import * as z from 'zod';
import { ObjectCheckpoint, syncIncrementally, soqlDatetime, booleanOr, datetimeOrNull, stringOrNull as str, type SoqlRecord } from 'terapi/salesforce';

const SalesforceEvent = z.object({
  id: z.string(),
  subject: z.string().nullable(),
  location: z.string().nullable(),
  start_date_time: z.string().nullable(),
  end_date_time: z.string().nullable(),
  is_all_day_event: z.boolean(),
  description: z.string().nullable(),
  who_id: z.string().nullable(),
  what_id: z.string().nullable(),
  owner_id: z.string().nullable(),
  created_date: z.string(),
  last_modified_date: z.string(),
  system_modstamp: z.string(),
});

export default createSync({
  description: 'Salesforce Events, incremental on SystemModstamp (deletions: queryAll, getDeleted, reconciliation; Bulk API 2.0 for large first runs).',
  version: '1.0.0',
  endpoints: [{ method: 'GET', path: '/events', group: 'Activities' }],
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'incremental',
  models: { SalesforceEvent },
  checkpoint: ObjectCheckpoint,
  exec: async (nango) => {
    await syncIncrementally(nango, {
      object: 'Event',
      model: 'SalesforceEvent',
      fields: ['Subject', 'Location', 'StartDateTime', 'EndDateTime', 'IsAllDayEvent', 'Description', 'WhoId', 'WhatId', 'OwnerId', 'CreatedDate', 'LastModifiedDate'],
      toRecord: (r: SoqlRecord) => ({
        id: r.Id,
        subject: str(r.Subject),
        location: str(r.Location),
        start_date_time: datetimeOrNull(r.StartDateTime),
        end_date_time: datetimeOrNull(r.EndDateTime),
        is_all_day_event: booleanOr(r.IsAllDayEvent),
        description: str(r.Description),
        who_id: str(r.WhoId),
        what_id: str(r.WhatId),
        owner_id: str(r.OwnerId),
        created_date: soqlDatetime(String(r.CreatedDate)),
        last_modified_date: soqlDatetime(String(r.LastModifiedDate)),
        system_modstamp: soqlDatetime(r.SystemModstamp),
      }),
    });
  },
});
