import type { OrgData } from '../data/org-data.js';
import type { RecordTable } from '../data/record-table.js';
import type { FieldDef } from '../data/sobject-schema.js';
import type { FieldRef } from './soql-ast.js';
import { SoqlError } from './soql-error.js';

/** One hop of a parent relationship, e.g. `Account` from Contact via AccountId. */
export interface RelationshipHop {
  field: FieldDef;
  relationshipName: string;
  /** Parent objects this relationship may point to (several for polymorphic lookups). */
  targets: string[];
}

export interface ResolvedPath {
  hops: RelationshipHop[];
  field: FieldDef;
  /** Canonical names, e.g. ['Account', 'Name']. */
  names: string[];
  read(row: number): unknown;
}

/**
 * Resolves `Account.Name`-style paths against the schema (spec/salesforce.md §3.5), with Salesforce's INVALID_FIELD
 * messages for unknown columns and relationships.
 */
export function resolveFieldPath(data: OrgData, table: RecordTable, ref: FieldRef, query: string): ResolvedPath {
  const hops: RelationshipHop[] = [];
  let schema = table.schema;
  for (let i = 0; i < ref.path.length - 1; i++) {
    const segment = ref.path[i]!;
    const field = schema.relationshipByLowerName.get(segment.toLowerCase());
    if (!field) {
      throw SoqlError.at('INVALID_FIELD', query, ref.offset,
        `Didn't understand relationship '${segment}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
    const targets = field.referenceTo ?? [];
    hops.push({ field, relationshipName: field.relationshipName!, targets });
    schema = data.table(targets[0]!)!.schema;
  }
  const last = ref.path[ref.path.length - 1]!;
  const field = schema.fieldByLowerName.get(last.toLowerCase());
  if (!field) {
    throw SoqlError.at('INVALID_FIELD', query, ref.offset,
      `No such column '${last}' on entity '${schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
  }
  const names = [...hops.map((h) => h.relationshipName), field.name];
  const read = (row: number): unknown => {
    let t = table;
    let r = row;
    for (const hop of hops) {
      const id = t.value(r, hop.field.name);
      if (typeof id !== 'string') return null;
      const next = data.tableForId(id);
      const nextRow = next?.rowById.get(id);
      if (!next || nextRow === undefined) return null;
      t = next;
      r = nextRow;
    }
    return t.value(r, field.name);
  };
  return { hops, field, names, read };
}

/** Follows the first `depth` hops of a path; returns the parent's table and row, or undefined for a null lookup. */
export function followHops(data: OrgData, table: RecordTable, row: number, hops: RelationshipHop[], depth: number): { table: RecordTable; row: number } | undefined {
  let t = table;
  let r = row;
  for (let i = 0; i < depth; i++) {
    const id = t.value(r, hops[i]!.field.name);
    if (typeof id !== 'string') return undefined;
    const next = data.tableForId(id);
    const nextRow = next?.rowById.get(id);
    if (!next || nextRow === undefined) return undefined;
    t = next;
    r = nextRow;
  }
  return { table: t, row: r };
}
