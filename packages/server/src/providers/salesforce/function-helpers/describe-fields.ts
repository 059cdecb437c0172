// `GET /sobjects/{Type}/describe` (spec/salesforce.md §3.4): the object's fields and their types, custom ones
// (`__c`) included. Used to type Bulk CSV values and to check the fields a connection asks for.
import type { ActionHelper } from '../../../functions/sdk/index.js';
import type { ApiBudget } from './api-budget.js';
import { API_VERSION } from './soql-pages.js';

export interface DescribedField {
  name: string;
  type: string;
}

/** Field name → describe type; throws a clear error when the object does not exist. */
export async function describeFields(nango: ActionHelper<any>, object: string, budget?: ApiBudget): Promise<Map<string, string>> {
  let res;
  try {
    res = await nango.get<{ fields: DescribedField[] }>({ endpoint: `/services/data/${API_VERSION}/sobjects/${object}/describe` });
  } catch (err) {
    const status = (err as { response?: { status?: number } }).response?.status;
    if (status === 404) throw new Error(`Salesforce has no object "${object}" (or this user cannot see it); check the object's API name, e.g. Invoice__c for a custom object.`);
    throw err;
  }
  budget?.observe(res.headers);
  return new Map(res.data.fields.map((f) => [f.name, f.type]));
}

/** The fields as describe spells them; throws when some of `wanted` are not fields of `object`, naming them all. */
export function checkFields(object: string, wanted: string[], fields: Map<string, string>): string[] {
  const lower = new Map([...fields.keys()].map((k) => [k.toLowerCase(), k]));
  const unknown = wanted.filter((f) => !lower.has(f.toLowerCase()));
  if (unknown.length) {
    throw new Error(`Unknown field${unknown.length > 1 ? 's' : ''} on ${object}: ${unknown.join(', ')}. Use the fields' API names as describe lists them (custom fields end in __c).`);
  }
  return wanted.map((f) => lower.get(f.toLowerCase())!);
}
