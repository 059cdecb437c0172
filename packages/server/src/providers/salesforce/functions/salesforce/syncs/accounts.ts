import { createSync } from 'terapi';
import * as z from 'zod';
import { applyWebhook, ObjectCheckpoint, syncIncrementally, soqlDatetime, stringOrNull as str, type SoqlRecord } from 'terapi/salesforce';

const SalesforceAccount = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string().nullable(),
  industry: z.string().nullable(),
  website: z.string().nullable(),
  phone: z.string().nullable(),
  billing_city: z.string().nullable(),
  billing_country: z.string().nullable(),
  owner_id: z.string().nullable(),
  created_date: z.string(),
  last_modified_date: z.string(),
  system_modstamp: z.string(),
});

const QUERY = {
  object: 'Account',
  model: 'SalesforceAccount',
  fields: ['Name', 'Type', 'Industry', 'Website', 'Phone', 'BillingCity', 'BillingCountry', 'OwnerId', 'CreatedDate', 'LastModifiedDate'],
  toRecord: (r: SoqlRecord) => ({
    id: r.Id,
    name: String(r.Name ?? ''),
    type: str(r.Type),
    industry: str(r.Industry),
    website: str(r.Website),
    phone: str(r.Phone),
    billing_city: str(r.BillingCity),
    billing_country: str(r.BillingCountry),
    owner_id: str(r.OwnerId),
    created_date: soqlDatetime(String(r.CreatedDate)),
    last_modified_date: soqlDatetime(String(r.LastModifiedDate)),
    system_modstamp: soqlDatetime(r.SystemModstamp),
  }),
};

export default createSync({
  description: 'Salesforce Accounts, incremental on SystemModstamp (deletions: queryAll, getDeleted, reconciliation; Bulk API 2.0 for large first runs).',
  version: '1.0.0',
  endpoints: [{ method: 'GET', path: '/accounts', group: 'Accounts' }],
  frequency: 'every 1h',
  autoStart: true,
  syncType: 'incremental',
  models: { SalesforceAccount },
  checkpoint: ObjectCheckpoint,
  // Outbound Messages and Apex callouts about Accounts update the cache at once (docs/salesforce-webhooks.md).
  webhookSubscriptions: ['Account'],
  onWebhook: async (nango, payload) => {
    await applyWebhook(nango, payload, QUERY);
  },
  exec: async (nango) => {
    await syncIncrementally(nango, QUERY);
  },
});
