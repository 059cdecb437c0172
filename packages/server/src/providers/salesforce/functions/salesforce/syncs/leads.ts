import { createSync } from 'terapi';
import * as z from 'zod';
import { ObjectCheckpoint, syncIncrementally, soqlDatetime, booleanOr, stringOrNull as str, type SoqlRecord } from 'terapi/salesforce';

const SalesforceLead = z.object({
  id: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  status: z.string().nullable(),
  lead_source: z.string().nullable(),
  industry: z.string().nullable(),
  is_converted: z.boolean(),
  owner_id: z.string().nullable(),
  created_date: z.string(),
  last_modified_date: z.string(),
  system_modstamp: z.string(),
});

export default createSync({
  description: 'Salesforce Leads, incremental on SystemModstamp (deletions: queryAll, getDeleted, reconciliation; Bulk API 2.0 for large first runs).',
  version: '1.0.0',
  endpoints: [{ method: 'GET', path: '/leads', group: 'Leads' }],
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'incremental',
  models: { SalesforceLead },
  checkpoint: ObjectCheckpoint,
  exec: async (nango) => {
    await syncIncrementally(nango, {
      object: 'Lead',
      model: 'SalesforceLead',
      fields: ['FirstName', 'LastName', 'Company', 'Title', 'Email', 'Phone', 'Status', 'LeadSource', 'Industry', 'IsConverted', 'OwnerId', 'CreatedDate', 'LastModifiedDate'],
      toRecord: (r: SoqlRecord) => ({
        id: r.Id,
        first_name: str(r.FirstName),
        last_name: String(r.LastName ?? ''),
        company: str(r.Company),
        title: str(r.Title),
        email: str(r.Email),
        phone: str(r.Phone),
        status: str(r.Status),
        lead_source: str(r.LeadSource),
        industry: str(r.Industry),
        is_converted: booleanOr(r.IsConverted),
        owner_id: str(r.OwnerId),
        created_date: soqlDatetime(String(r.CreatedDate)),
        last_modified_date: soqlDatetime(String(r.LastModifiedDate)),
        system_modstamp: soqlDatetime(r.SystemModstamp),
      }),
    });
  },
});
