import { createSync } from 'terapi';
import * as z from 'zod';
import { ObjectCheckpoint, syncIncrementally, soqlDatetime, stringOrNull as str, type SoqlRecord } from 'terapi/salesforce';

const SalesforceTask = z.object({
  id: z.string(),
  subject: z.string().nullable(),
  status: z.string().nullable(),
  priority: z.string().nullable(),
  activity_date: z.string().nullable(),
  description: z.string().nullable(),
  who_id: z.string().nullable(),
  what_id: z.string().nullable(),
  owner_id: z.string().nullable(),
  created_date: z.string(),
  last_modified_date: z.string(),
  system_modstamp: z.string(),
});

export default createSync({
  description: 'Salesforce Tasks, incremental on SystemModstamp (deletions: queryAll, getDeleted, reconciliation; Bulk API 2.0 for large first runs).',
  version: '1.0.0',
  endpoints: [{ method: 'GET', path: '/tasks', group: 'Activities' }],
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'incremental',
  models: { SalesforceTask },
  checkpoint: ObjectCheckpoint,
  exec: async (nango) => {
    await syncIncrementally(nango, {
      object: 'Task',
      model: 'SalesforceTask',
      fields: ['Subject', 'Status', 'Priority', 'ActivityDate', 'Description', 'WhoId', 'WhatId', 'OwnerId', 'CreatedDate', 'LastModifiedDate'],
      toRecord: (r: SoqlRecord) => ({
        id: r.Id,
        subject: str(r.Subject),
        status: str(r.Status),
        priority: str(r.Priority),
        activity_date: str(r.ActivityDate),
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
