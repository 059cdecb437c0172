import type { FieldDef, SObjectSchema } from './sobject-schema.js';

export interface ChildRelationship {
  childSObject: string;
  field: FieldDef;
  /** e.g. `Contacts` on Account, `Invoices__r` for a custom child. */
  relationshipName: string;
}

// Audit lookups (CreatedBy, Owner…) have child relationships too, but nobody queries them; leave them out.
const AUDIT_FIELDS = new Set(['CreatedById', 'LastModifiedById', 'OwnerId']);

/** The parent-to-child relationships of `parent`, shared by describe (§3.4) and SOQL subqueries (§3.5). */
export function childRelationshipsOf(parent: SObjectSchema, all: readonly SObjectSchema[]): ChildRelationship[] {
  return all.flatMap((child) =>
    child.fields
      .filter((f) => f.referenceTo?.includes(parent.name) && f.relationshipName && !AUDIT_FIELDS.has(f.name))
      .map((field) => ({
        childSObject: child.name,
        field,
        relationshipName: field.childRelationshipName ?? (child.custom ? `${child.labelPlural}__r` : child.labelPlural.replace(/\s+/g, '')),
      })),
  );
}
