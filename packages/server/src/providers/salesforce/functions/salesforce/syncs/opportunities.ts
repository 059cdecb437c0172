import { createSync } from 'terapi';
import * as z from 'zod';
import { soqlDatetime, datetimeOrNull, booleanOr, numberOrNull as num, stringOrNull as str, type SoqlRecord, MultiObjectCheckpoint, syncObjectsIncrementally } from 'terapi/salesforce';

const SalesforceOpportunity = z.object({
  id: z.string(),
  name: z.string(),
  account_id: z.string().nullable(),
  stage_name: z.string().nullable(),
  amount: z.number().nullable(),
  probability: z.number().nullable(),
  close_date: z.string().nullable(),
  type: z.string().nullable(),
  description: z.string().nullable(),
  is_closed: z.boolean(),
  is_won: z.boolean(),
  owner_id: z.string().nullable(),
  created_date: z.string(),
  last_modified_date: z.string(),
  system_modstamp: z.string(),
});

/** Opportunity products, a model of their own (each line item has its own SystemModstamp and its own deletions). */
const SalesforceOpportunityLineItem = z.object({
  id: z.string(),
  opportunity_id: z.string(),
  name: z.string().nullable(),
  product_code: z.string().nullable(),
  quantity: z.number().nullable(),
  unit_price: z.number().nullable(),
  total_price: z.number().nullable(),
  service_date: z.string().nullable(),
  created_date: z.string(),
  system_modstamp: z.string(),
});

export default createSync({
  description: 'Salesforce Opportunities with their line items (OpportunityLineItem), incremental on SystemModstamp, deletions included.',
  version: '1.0.0',
  endpoints: [
    { method: 'GET', path: '/opportunities', group: 'Opportunities' },
    { method: 'GET', path: '/opportunity-line-items', group: 'Opportunities' },
  ],
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'incremental',
  models: { SalesforceOpportunity, SalesforceOpportunityLineItem },
  checkpoint: MultiObjectCheckpoint,
  exec: async (nango) => {
    await syncObjectsIncrementally(nango, [
      {
        object: 'Opportunity',
        model: 'SalesforceOpportunity',
        fields: ['Name', 'AccountId', 'StageName', 'Amount', 'Probability', 'CloseDate', 'Type', 'Description', 'IsClosed', 'IsWon', 'OwnerId', 'CreatedDate', 'LastModifiedDate'],
        toRecord: (r: SoqlRecord) => ({
          id: r.Id,
          name: String(r.Name ?? ''),
          account_id: str(r.AccountId),
          stage_name: str(r.StageName),
          amount: num(r.Amount),
          probability: num(r.Probability),
          close_date: str(r.CloseDate),
          type: str(r.Type),
          description: str(r.Description),
          is_closed: booleanOr(r.IsClosed),
          is_won: booleanOr(r.IsWon),
          owner_id: str(r.OwnerId),
          created_date: soqlDatetime(String(r.CreatedDate)),
          last_modified_date: soqlDatetime(String(r.LastModifiedDate)),
          system_modstamp: soqlDatetime(r.SystemModstamp),
        }),
      },
      {
        object: 'OpportunityLineItem',
        model: 'SalesforceOpportunityLineItem',
        fields: ['OpportunityId', 'Name', 'ProductCode', 'Quantity', 'UnitPrice', 'TotalPrice', 'ServiceDate', 'CreatedDate'],
        toRecord: (r: SoqlRecord) => ({
          id: r.Id,
          opportunity_id: String(r.OpportunityId ?? ''),
          name: str(r.Name),
          product_code: str(r.ProductCode),
          quantity: num(r.Quantity),
          unit_price: num(r.UnitPrice),
          total_price: num(r.TotalPrice),
          service_date: str(r.ServiceDate),
          created_date: soqlDatetime(String(r.CreatedDate)),
          system_modstamp: datetimeOrNull(r.SystemModstamp) ?? '',
        }),
      },
    ]);
  },
});
