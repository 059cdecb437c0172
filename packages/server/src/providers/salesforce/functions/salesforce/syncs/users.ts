import { createSync } from 'terapi';
import * as z from 'zod';
import { ObjectCheckpoint, syncIncrementally, soqlDatetime, booleanOr, stringOrNull as str, type SoqlRecord } from 'terapi/salesforce';

const SalesforceUser = z.object({
  id: z.string(),
  username: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  alias: z.string().nullable(),
  is_active: z.boolean(),
  profile_id: z.string().nullable(),
  created_date: z.string(),
  last_modified_date: z.string(),
  system_modstamp: z.string(),
});

// Users are deactivated, not deleted (IsActive = false shows as an update); the deletion steps still run, and find nothing.
export default createSync({
  description: 'Salesforce Users (active and inactive), incremental on SystemModstamp.',
  version: '1.0.0',
  endpoints: [{ method: 'GET', path: '/users', group: 'Users' }],
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'incremental',
  models: { SalesforceUser },
  checkpoint: ObjectCheckpoint,
  exec: async (nango) => {
    await syncIncrementally(nango, {
      object: 'User',
      model: 'SalesforceUser',
      fields: ['Username', 'FirstName', 'LastName', 'Name', 'Email', 'Alias', 'IsActive', 'ProfileId', 'CreatedDate', 'LastModifiedDate'],
      toRecord: (r: SoqlRecord) => ({
        id: r.Id,
        username: String(r.Username ?? ''),
        first_name: str(r.FirstName),
        last_name: str(r.LastName),
        name: str(r.Name),
        email: str(r.Email),
        alias: str(r.Alias),
        is_active: booleanOr(r.IsActive),
        profile_id: str(r.ProfileId),
        created_date: soqlDatetime(String(r.CreatedDate)),
        last_modified_date: soqlDatetime(String(r.LastModifiedDate)),
        system_modstamp: soqlDatetime(r.SystemModstamp),
      }),
    });
  },
});
