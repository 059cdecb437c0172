import { createSync } from 'terapi';
import * as z from 'zod';
import { ObjectCheckpoint, syncIncrementally, soqlDatetime, booleanOr, datetimeOrNull, stringOrNull as str, type SoqlRecord } from 'terapi/salesforce';

const SalesforceCase = z.object({
  id: z.string(),
  case_number: z.string().nullable(),
  subject: z.string().nullable(),
  description: z.string().nullable(),
  status: z.string().nullable(),
  priority: z.string().nullable(),
  origin: z.string().nullable(),
  type: z.string().nullable(),
  is_closed: z.boolean(),
  is_escalated: z.boolean(),
  closed_date: z.string().nullable(),
  account_id: z.string().nullable(),
  contact_id: z.string().nullable(),
  owner_id: z.string().nullable(),
  created_date: z.string(),
  last_modified_date: z.string(),
  system_modstamp: z.string(),
});

export default createSync({
  description: 'Salesforce Cases, incremental on SystemModstamp (deletions: queryAll, getDeleted, reconciliation; Bulk API 2.0 for large first runs).',
  version: '1.0.0',
  endpoints: [{ method: 'GET', path: '/cases', group: 'Cases' }],
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'incremental',
  models: { SalesforceCase },
  checkpoint: ObjectCheckpoint,
  exec: async (nango) => {
    await syncIncrementally(nango, {
      object: 'Case',
      model: 'SalesforceCase',
      fields: ['CaseNumber', 'Subject', 'Description', 'Status', 'Priority', 'Origin', 'Type', 'IsClosed', 'IsEscalated', 'ClosedDate', 'AccountId', 'ContactId', 'OwnerId', 'CreatedDate', 'LastModifiedDate'],
      toRecord: (r: SoqlRecord) => ({
        id: r.Id,
        case_number: str(r.CaseNumber),
        subject: str(r.Subject),
        description: str(r.Description),
        status: str(r.Status),
        priority: str(r.Priority),
        origin: str(r.Origin),
        type: str(r.Type),
        is_closed: booleanOr(r.IsClosed),
        is_escalated: booleanOr(r.IsEscalated),
        closed_date: datetimeOrNull(r.ClosedDate),
        account_id: str(r.AccountId),
        contact_id: str(r.ContactId),
        owner_id: str(r.OwnerId),
        created_date: soqlDatetime(String(r.CreatedDate)),
        last_modified_date: soqlDatetime(String(r.LastModifiedDate)),
        system_modstamp: soqlDatetime(r.SystemModstamp),
      }),
    });
  },
});
