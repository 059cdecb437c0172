/** The shape of one sObject as the simulator models it; describe output is derived from this. */
export type FieldType =
  | 'id' | 'string' | 'reference' | 'picklist' | 'datetime' | 'date' | 'boolean' | 'double' | 'currency'
  | 'percent' | 'int' | 'email' | 'phone' | 'url' | 'textarea';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  /** Required on create (nillable false, not defaulted). */
  required?: boolean;
  /** Set by the system, never by a caller. */
  readOnly?: boolean;
  externalId?: boolean;
  unique?: boolean;
  referenceTo?: string[];
  relationshipName?: string;
  /** The parent's name for the children of this lookup (default: the child's plural label, `__r` for custom). */
  childRelationshipName?: string;
  picklist?: string[];
  defaultValue?: string | boolean | number;
  nameField?: boolean;
  custom?: boolean;
}

export interface SObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  /** Has OwnerId (false for User). */
  owned: boolean;
  fields: FieldDef[];
}

export interface SObjectSchema extends SObjectDef {
  fieldByLowerName: Map<string, FieldDef>;
  /** relationshipName (lower-case) → the reference field that carries it. */
  relationshipByLowerName: Map<string, FieldDef>;
}

export function compileSchema(def: SObjectDef): SObjectSchema {
  const fieldByLowerName = new Map<string, FieldDef>();
  const relationshipByLowerName = new Map<string, FieldDef>();
  for (const f of def.fields) {
    fieldByLowerName.set(f.name.toLowerCase(), f);
    if (f.relationshipName) relationshipByLowerName.set(f.relationshipName.toLowerCase(), f);
  }
  return { ...def, fieldByLowerName, relationshipByLowerName };
}
