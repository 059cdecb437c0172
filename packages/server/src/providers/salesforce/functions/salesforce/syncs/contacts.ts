import { createSync } from 'terapi';
import * as z from 'zod';
import { applyWebhook, ObjectCheckpoint, syncIncrementally, soqlDatetime, stringOrNull as str, type SoqlRecord } from 'terapi/salesforce';

const SalesforceContact = z.object({
  id: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  account_id: z.string().nullable(),
  owner_id: z.string().nullable(),
  created_date: z.string(),
  last_modified_date: z.string(),
  system_modstamp: z.string(),
});

const QUERY = {
  object: 'Contact',
  model: 'SalesforceContact',
  fields: ['FirstName', 'LastName', 'Email', 'Phone', 'Title', 'AccountId', 'OwnerId', 'CreatedDate', 'LastModifiedDate'],
  toRecord: (r: SoqlRecord) => ({
    id: r.Id,
    first_name: str(r.FirstName),
    last_name: String(r.LastName ?? ''),
    email: str(r.Email),
    phone: str(r.Phone),
    title: str(r.Title),
    account_id: str(r.AccountId),
    owner_id: str(r.OwnerId),
    created_date: soqlDatetime(String(r.CreatedDate)),
    last_modified_date: soqlDatetime(String(r.LastModifiedDate)),
    system_modstamp: soqlDatetime(r.SystemModstamp),
  }),
};

export default createSync({
  description: 'Salesforce Contacts, incremental on SystemModstamp (deletions: queryAll, getDeleted, reconciliation; Bulk API 2.0 for large first runs).',
  version: '1.0.0',
  endpoints: [{ method: 'GET', path: '/contacts', group: 'Contacts' }],
  frequency: 'every 1h',
  autoStart: true,
  syncType: 'incremental',
  models: { SalesforceContact },
  checkpoint: ObjectCheckpoint,
  // Outbound Messages and Apex callouts about Contacts update the cache at once (docs/salesforce-webhooks.md).
  webhookSubscriptions: ['Contact'],
  onWebhook: async (nango, payload) => {
    await applyWebhook(nango, payload, QUERY);
  },
  exec: async (nango) => {
    await syncIncrementally(nango, QUERY);
  },
});
