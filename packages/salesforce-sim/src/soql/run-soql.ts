import { childRelationshipsOf } from '../data/child-relationships.js';
import type { OrgData } from '../data/org-data.js';
import type { RecordTable } from '../data/record-table.js';
import { formatCsvDatetime, formatRestDatetime } from '../data/salesforce-datetime.js';
import { followHops, resolveFieldPath, type ResolvedPath } from './field-path.js';
import type { SoqlQuery } from './soql-ast.js';
import { compileCondition, type SemiJoin } from './soql-condition.js';
import { SoqlError } from './soql-error.js';
import { parseSoql } from './soql-parser.js';

export interface RunOptions {
  /** queryAll: include records in the recycle bin (spec/salesforce.md §3.5). */
  includeDeleted: boolean;
  now?: number;
  /** Check the query against the schema without reading any row. */
  validateOnly?: boolean;
}

/** A parent-to-child subquery such as `(SELECT Id FROM Contacts)`, compiled against the child object. */
export interface ChildQuery {
  relationshipName: string;
  table: RecordTable;
  columns: ResolvedPath[];
  /** Child rows of a parent id, filtered, sorted and limited. */
  rowsOf(parentId: string): number[];
}

export type SoqlResult =
  | { kind: 'records'; query: SoqlQuery; table: RecordTable; columns: ResolvedPath[]; children: ChildQuery[]; rows: number[] }
  | { kind: 'count'; query: SoqlQuery; totalSize: number }
  | { kind: 'aggregate'; query: SoqlQuery; record: Record<string, unknown> };

// SOQL caps OFFSET at 2,000 (developer.salesforce.com langCon_apex_SOQL_select_offset).
const MAX_OFFSET = 2000;

/** Parses and evaluates SOQL against one org's records; rows come back filtered, sorted and windowed. */
export function runSoql(data: OrgData, text: string, opts: RunOptions): SoqlResult {
  const query = parseSoql(text);
  const table = data.table(query.from);
  if (!table) {
    throw SoqlError.at('INVALID_TYPE', text, query.fromOffset,
      `sObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
  }
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }
  const now = opts.now ?? data.now();
  const columns = selectedColumns(data, table, query, text);
  const children = query.select.flatMap((item) => (item.kind === 'subquery' ? [compileChildQuery(data, table, item.query, text, opts, now)] : []));
  const semiJoin: SemiJoin = (sub) => semiJoinValues(data, sub, text, now);
  const predicate = query.where ? compileCondition(data, table, query.where, text, now, semiJoin) : undefined;
  const sort = compileSort(data, table, query, text);
  if (opts.validateOnly) return { kind: 'records', query, table, columns, children, rows: [] };
  let rows = filterRows(table, predicate, opts);

  const counting = query.select.find((i) => i.kind === 'count');
  if (counting && !counting.field) {
    return { kind: 'count', query, totalSize: query.limit !== undefined ? Math.min(query.limit, rows.length) : rows.length };
  }
  if (counting?.field) {
    const path = resolveFieldPath(data, table, counting.field, text);
    const n = rows.filter((r) => path.read(r) !== null).length;
    return { kind: 'aggregate', query, record: { attributes: { type: 'AggregateResult' }, [counting.alias ?? 'expr0']: n } };
  }

  rows = sort(rows);
  const start = query.offset ?? 0;
  rows = rows.slice(start, query.limit !== undefined ? start + query.limit : undefined);
  return { kind: 'records', query, table, columns, children, rows };
}

function selectedColumns(data: OrgData, table: RecordTable, query: SoqlQuery, text: string): ResolvedPath[] {
  const columns: ResolvedPath[] = [];
  const seen = new Set<string>();
  for (const item of query.select) {
    if (item.kind === 'fields') {
      // FIELDS(ALL|CUSTOM) needs LIMIT 200 or less (developer.salesforce.com soql_select_fields).
      if (item.which !== 'STANDARD' && (query.limit === undefined || query.limit > 200)) {
        throw SoqlError.at('MALFORMED_QUERY', text, item.offset, 'The SOQL FIELDS function must have a LIMIT of at most 200');
      }
      for (const f of table.schema.fields) {
        const custom = f.custom === true;
        if ((item.which === 'STANDARD' && custom) || (item.which === 'CUSTOM' && !custom)) continue;
        if (seen.has(f.name.toLowerCase())) continue;
        seen.add(f.name.toLowerCase());
        columns.push(resolveFieldPath(data, table, { path: [f.name], offset: item.offset }, text));
      }
      continue;
    }
    if (item.kind !== 'field') continue;
    const path = resolveFieldPath(data, table, item.field, text);
    const key = path.names.join('.').toLowerCase();
    if (seen.has(key)) throw SoqlError.at('MALFORMED_QUERY', text, item.field.offset, `duplicate field selected: ${item.field.path.join('.')}`);
    seen.add(key);
    columns.push(path);
  }
  return columns;
}

function filterRows(table: RecordTable, predicate: ((row: number) => boolean) | undefined, opts: RunOptions, among?: number[]): number[] {
  const rows: number[] = [];
  const consider = (row: number) => {
    if (!opts.includeDeleted && table.isDeleted(row)) return;
    if (table.purged.has(row)) return;
    if (predicate && !predicate(row)) return;
    rows.push(row);
  };
  if (among) among.forEach(consider);
  else for (let row = 0; row < table.size; row++) consider(row);
  return rows;
}

/** The values a semi-join sub-select picks: one field, live rows only, no nesting (SOQL semi-join rules). */
function semiJoinValues(data: OrgData, sub: SoqlQuery, text: string, now: number): Set<unknown> {
  const table = data.table(sub.from);
  if (!table) {
    throw SoqlError.at('INVALID_TYPE', text, sub.fromOffset, `sObject type '${sub.from}' is not supported.`);
  }
  const columns = selectedColumns(data, table, sub, text);
  if (columns.length !== 1 || sub.select.length !== 1) {
    throw SoqlError.at('MALFORMED_QUERY', text, sub.fromOffset, 'Semi join sub-selects can select only one field');
  }
  const predicate = sub.where ? compileCondition(data, table, sub.where, text, now) : undefined;
  const rows = filterRows(table, predicate, { includeDeleted: false });
  const values = new Set<unknown>();
  for (const row of sub.limit !== undefined ? rows.slice(0, sub.limit) : rows) {
    const v = columns[0]!.read(row);
    if (v !== null) values.add(v);
  }
  return values;
}

// spec/salesforce.md §3.5 (fixture S6 CaseComments): parent-to-child subqueries, e.g. `(SELECT Id FROM Contacts)`.
function compileChildQuery(data: OrgData, parent: RecordTable, sub: SoqlQuery, text: string, opts: RunOptions, now: number): ChildQuery {
  const rel = childRelationshipsOf(parent.schema, data.schemas).find((r) => r.relationshipName.toLowerCase() === sub.from.toLowerCase());
  if (!rel) {
    throw SoqlError.at('INVALID_TYPE', text, sub.fromOffset,
      `Didn't understand relationship '${sub.from}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
  }
  const table = data.table(rel.childSObject)!;
  const columns = selectedColumns(data, table, sub, text);
  const predicate = sub.where ? compileCondition(data, table, sub.where, text, now) : undefined;
  const sort = compileSort(data, table, sub, text);
  let byParent: Map<string, number[]> | undefined;
  return {
    relationshipName: rel.relationshipName,
    table,
    columns,
    rowsOf(parentId) {
      if (!byParent) {
        byParent = new Map();
        const link = table.column(rel.field.name);
        for (let row = 0; row < table.size; row++) {
          const id = link[row];
          if (typeof id !== 'string') continue;
          let list = byParent.get(id);
          if (!list) byParent.set(id, (list = []));
          list.push(row);
        }
      }
      const rows = sort(filterRows(table, predicate, opts, byParent.get(parentId) ?? []));
      return sub.limit !== undefined ? rows.slice(0, sub.limit) : rows;
    },
  };
}

/** ORDER BY as a function over row lists; fields are resolved (and rejected) when it is compiled. */
function compileSort(data: OrgData, table: RecordTable, query: SoqlQuery, text: string): (rows: number[]) => number[] {
  const order = query.orderBy.map((o) => ({ ...o, path: resolveFieldPath(data, table, o.field, text) }));
  if (order.length === 0) return (rows) => rows;
  return (rows) => {
    const keys = order.map((o) => {
      const textual = !['double', 'currency', 'percent', 'int', 'boolean', 'datetime'].includes(o.path.field.type);
      return rows.map((r) => {
        const v = o.path.read(r);
        return v === null || v === undefined ? null : textual ? String(v).toLowerCase() : (v as number | boolean);
      });
    });
    const index = rows.map((_, i) => i);
    index.sort((a, b) => {
      for (let k = 0; k < order.length; k++) {
        const { descending, nullsLast } = order[k]!;
        const x = keys[k]![a]!;
        const y = keys[k]![b]!;
        if (x === y) continue;
        if (x === null) return nullsLast ? 1 : -1;
        if (y === null) return nullsLast ? -1 : 1;
        const c = x < y ? -1 : 1;
        return descending ? -c : c;
      }
      return a - b;
    });
    return index.map((i) => rows[i]!);
  };
}

// spec/salesforce.md §3.5: polymorphic and audit lookups (Owner, CreatedBy, Who…) report type "Name" (fixture S6).
const NAME_TYPED = new Set(['Owner', 'CreatedBy', 'LastModifiedBy', 'Who', 'What']);

/** A record as REST returns it: `attributes` on the record and on each parent object (spec/salesforce.md §3.5). */
export function projectRecord(data: OrgData, result: Extract<SoqlResult, { kind: 'records' }>, row: number, apiVersion: string): Record<string, unknown> {
  const out = projectColumns(data, result.table, result.columns, row, apiVersion);
  const parentId = result.table.ids[row]!;
  for (const child of result.children) {
    const rows = child.rowsOf(parentId);
    // A subquery without children is null, not an empty list (fixture S6 `CaseComments`).
    out[child.relationshipName] = rows.length === 0 ? null : {
      totalSize: rows.length, done: true, records: rows.map((r) => projectColumns(data, child.table, child.columns, r, apiVersion)),
    };
  }
  return out;
}

function projectColumns(data: OrgData, table: RecordTable, columns: ResolvedPath[], row: number, apiVersion: string): Record<string, unknown> {
  const base = `/services/data/v${apiVersion}/sobjects`;
  const out: Record<string, unknown> = { attributes: { type: table.schema.name, url: `${base}/${table.schema.name}/${table.ids[row]}` } };
  for (const col of columns) {
    let target: Record<string, unknown> = out;
    let broken = false;
    for (let depth = 0; depth < col.hops.length; depth++) {
      const hop = col.hops[depth]!;
      const existing = target[hop.relationshipName];
      if (existing === null) {
        broken = true;
        break;
      }
      if (existing === undefined) {
        const parent = followHops(data, table, row, col.hops, depth + 1);
        if (!parent) {
          target[hop.relationshipName] = null;
          broken = true;
          break;
        }
        const type = NAME_TYPED.has(hop.relationshipName) ? 'Name' : parent.table.schema.name;
        const obj = { attributes: { type, url: `${base}/${parent.table.schema.name}/${parent.table.ids[parent.row]}` } };
        target[hop.relationshipName] = obj;
        target = obj;
      } else target = existing as Record<string, unknown>;
    }
    if (broken) continue;
    const v = col.read(row);
    target[col.field.name] = col.field.type === 'datetime' && typeof v === 'number' ? formatRestDatetime(v) : v;
  }
  return out;
}

/** Column names and cell text for Bulk CSV results (spec/salesforce.md §4.5). */
export function csvHeader(result: Extract<SoqlResult, { kind: 'records' }>): string[] {
  return result.columns.map((c) => c.names.join('.'));
}

export function csvCells(result: Extract<SoqlResult, { kind: 'records' }>, row: number): string[] {
  return result.columns.map((c) => {
    const v = c.read(row);
    if (v === null || v === undefined) return '';
    if (c.field.type === 'datetime' && typeof v === 'number') return formatCsvDatetime(v);
    return String(v);
  });
}
