import type { OrgData } from '../data/org-data.js';
import { normalizeRecordId } from '../data/record-id.js';
import type { RecordTable } from '../data/record-table.js';
import type { FieldDef } from '../data/sobject-schema.js';
import { dateLiteralRange } from './date-literals.js';
import { resolveFieldPath } from './field-path.js';
import type { ComparisonOp, Condition, Literal, SoqlQuery } from './soql-ast.js';
import { SoqlError } from './soql-error.js';

export type RowPredicate = (row: number) => boolean;

/** Runs the sub-select of a semi-join and returns the values it selects. */
export type SemiJoin = (query: SoqlQuery) => Set<unknown>;

type Kind = 'text' | 'id' | 'number' | 'boolean' | 'date' | 'datetime';

function kindOf(field: FieldDef): Kind {
  switch (field.type) {
    case 'id': case 'reference': return 'id';
    case 'double': case 'currency': case 'percent': case 'int': return 'number';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'datetime': return 'datetime';
    default: return 'text';
  }
}

const DAY = 86_400_000;
const toDateString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A comparable value for one literal; date literals become a [start, end) range. */
type Operand = { kind: 'null' } | { kind: 'value'; value: string | number | boolean } | { kind: 'range'; start: string | number; end: string | number };

/** Compiles a WHERE clause into a row predicate, checking literal types the way Salesforce does (INVALID_FIELD). */
export function compileCondition(data: OrgData, table: RecordTable, cond: Condition, query: string, now: number, semiJoin?: SemiJoin): RowPredicate {
  switch (cond.kind) {
    case 'and': {
      const l = compileCondition(data, table, cond.left, query, now, semiJoin);
      const r = compileCondition(data, table, cond.right, query, now, semiJoin);
      return (row) => l(row) && r(row);
    }
    case 'or': {
      const l = compileCondition(data, table, cond.left, query, now, semiJoin);
      const r = compileCondition(data, table, cond.right, query, now, semiJoin);
      return (row) => l(row) || r(row);
    }
    case 'not': {
      const inner = compileCondition(data, table, cond.operand, query, now, semiJoin);
      return (row) => !inner(row);
    }
    case 'inQuery': {
      const path = resolveFieldPath(data, table, cond.field, query);
      if (!semiJoin) throw SoqlError.at('MALFORMED_QUERY', query, cond.valueOffset, 'Nested semi join sub-selects are not supported');
      const kind = kindOf(path.field);
      const values = new Set([...semiJoin(cond.query)].map((v) => normalizeStored(v, kind)));
      return (row) => {
        const v = normalizeStored(path.read(row), kind);
        const hit = v !== null && values.has(v);
        return cond.negated ? !hit : hit;
      };
    }
    case 'compare': case 'in': {
      const path = resolveFieldPath(data, table, cond.field, query);
      const kind = kindOf(path.field);
      const operand = (lit: Literal) => toOperand(lit, kind, path.field, query, cond.valueOffset, now);
      const read = (row: number) => normalizeStored(path.read(row), kind);
      if (cond.kind === 'in') {
        const wanted = cond.values.map(operand);
        return (row) => {
          const v = read(row);
          const hit = wanted.some((w) => compare(v, '=', w));
          return cond.negated ? !hit : hit;
        };
      }
      if (cond.op === 'like') {
        if (kind !== 'text' && kind !== 'id') {
          throw SoqlError.at('INVALID_FIELD', query, cond.field.offset, `invalid operator on field '${path.field.name}'`);
        }
        if (cond.value.kind !== 'string') throw typeError(path.field, kind, query, cond.valueOffset);
        const re = likeToRegExp(cond.value.value);
        return (row) => {
          const v = path.read(row);
          return typeof v === 'string' && re.test(v);
        };
      }
      const target = operand(cond.value);
      const op = cond.op;
      return (row) => compare(read(row), op, target);
    }
  }
}

function normalizeStored(v: unknown, kind: Kind): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (kind === 'text') return String(v).toLowerCase();
  return v as string | number | boolean;
}

function compare(v: string | number | boolean | null, op: ComparisonOp, target: Operand): boolean {
  if (target.kind === 'null') {
    if (op === '=') return v === null;
    if (op === '!=') return v !== null;
    return false;
  }
  // SOQL's != keeps rows whose field is null, unlike SQL.
  if (v === null) return op === '!=';
  if (target.kind === 'range') {
    const { start, end } = target;
    switch (op) {
      case '=': return v >= start && v < end;
      case '!=': return v < start || v >= end;
      case '<': return v < start;
      case '<=': return v < end;
      case '>': return v >= end;
      case '>=': return v >= start;
      default: return false;
    }
  }
  const t = target.value;
  switch (op) {
    case '=': return v === t;
    case '!=': return v !== t;
    case '<': return v < t;
    case '<=': return v <= t;
    case '>': return v > t;
    case '>=': return v >= t;
    default: return false;
  }
}

function toOperand(lit: Literal, kind: Kind, field: FieldDef, query: string, offset: number, now: number): Operand {
  if (lit.kind === 'null') return { kind: 'null' };
  switch (kind) {
    case 'text':
      if (lit.kind !== 'string') throw typeError(field, kind, query, offset);
      return { kind: 'value', value: lit.value.toLowerCase() };
    case 'id': {
      if (lit.kind !== 'string') throw typeError(field, kind, query, offset);
      const id = normalizeRecordId(lit.value);
      if (!id) throw SoqlError.at('INVALID_QUERY_FILTER_OPERATOR', query, offset, `invalid ID field: ${lit.value}`);
      return { kind: 'value', value: id };
    }
    case 'number':
      if (lit.kind !== 'number') throw typeError(field, kind, query, offset);
      return { kind: 'value', value: lit.value };
    case 'boolean':
      if (lit.kind !== 'boolean') throw typeError(field, kind, query, offset);
      return { kind: 'value', value: lit.value };
    case 'date':
      if (lit.kind === 'date') return { kind: 'value', value: lit.value };
      if (lit.kind === 'dateLiteral') {
        const r = dateLiteralRange(lit.name, lit.n, now);
        return { kind: 'range', start: toDateString(r.start), end: toDateString(r.end) };
      }
      throw typeError(field, kind, query, offset);
    case 'datetime':
      if (lit.kind === 'datetime') return { kind: 'value', value: lit.value };
      if (lit.kind === 'dateLiteral') {
        const r = dateLiteralRange(lit.name, lit.n, now);
        return { kind: 'range', start: r.start, end: r.end };
      }
      if (lit.kind === 'date') {
        const start = Date.parse(`${lit.value}T00:00:00Z`);
        return { kind: 'range', start, end: start + DAY };
      }
      throw typeError(field, kind, query, offset);
  }
}

function typeError(field: FieldDef, kind: Kind, query: string, offset: number): SoqlError {
  const quoted = kind === 'text' || kind === 'id';
  const typeName = { text: 'string', id: 'id', number: field.type === 'int' ? 'integer' : 'double', boolean: 'boolean', date: 'date', datetime: 'dateTime' }[kind];
  return SoqlError.at('INVALID_FIELD', query, offset,
    `value of filter criterion for field '${field.name}' must be of type ${typeName} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`);
}

/** `%` any run, `_` one character, `\%`/`\_` literal; case-insensitive like Salesforce. */
function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      re += pattern[++i];
    } else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}
