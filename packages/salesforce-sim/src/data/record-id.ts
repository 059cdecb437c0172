import { idChecksum, makeSalesforceId } from '../ids/salesforce-id.js';

export const makeRecordId = makeSalesforceId;

/** Accepts a 15- or 18-char id and returns the 18-char form, or undefined if it cannot be an id (spec/salesforce.md §0). */
export function normalizeRecordId(id: string): string | undefined {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return undefined;
  const id15 = id.slice(0, 15);
  const full = id15 + idChecksum(id15);
  if (id.length === 18 && id.slice(15).toUpperCase() !== full.slice(15)) return undefined;
  return full;
}
