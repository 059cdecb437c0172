// Salesforce org ids come in a 15-character case-sensitive form and an 18-character form that appends a
// case-insensitivity checksum (spec/salesforce.md §0, §5.1: OrganizationId is 18 characters while the
// EnterpriseUrl carries 15). Two forms name the same org when their first 15 characters are equal.
import { TerapiError } from '../../../errors/terapi-error.js';

const ORG_ID = /^00D[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

/** The 15-character form of an org id; refuses anything that is not one (wrong length, wrong prefix). */
export function orgIdPrefix(orgId: unknown): string {
  if (typeof orgId !== 'string' || !ORG_ID.test(orgId)) throw new TerapiError('salesforce_org_id_invalid', { org_id: String(orgId).slice(0, 40) });
  return orgId.slice(0, 15);
}

/** connection_config key where a connection keeps its org id (salesforce-hooks.ts, from the identity URL). */
export const ORG_ID_CONFIG_KEY = 'org_id';
