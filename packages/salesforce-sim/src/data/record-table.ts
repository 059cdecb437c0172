import { makeRecordId } from './record-id.js';
import type { SObjectSchema } from './sobject-schema.js';

/**
 * Columnar storage for one sObject: one array per field, so a million rows cost a handful of arrays rather
 * than a million objects. Datetime columns hold epoch milliseconds; dates hold `YYYY-MM-DD` strings.
 * Deleted rows stay (the recycle bin, spec/salesforce.md §3.8) with `IsDeleted = true` and `deletedAt`.
 */
export class RecordTable {
  readonly ids: string[] = [];
  readonly rowById = new Map<string, number>();
  readonly columns = new Map<string, unknown[]>();
  readonly deletedAt: number[] = [];
  private serial = 0;

  constructor(
    readonly schema: SObjectSchema,
    private readonly pod: string,
  ) {
    for (const f of schema.fields) if (f.name !== 'Id') this.columns.set(f.name, []);
  }

  get size(): number {
    return this.ids.length;
  }

  column(name: string): unknown[] {
    const col = this.columns.get(name);
    if (!col) throw new Error(`no column ${name} on ${this.schema.name}`);
    return col;
  }

  value(row: number, field: string): unknown {
    if (field === 'Id') return this.ids[row];
    return this.columns.get(field)?.[row] ?? null;
  }

  set(row: number, field: string, value: unknown): void {
    this.column(field)[row] = value;
  }

  /** Appends a row whose every column is null; returns the row index. */
  appendRow(id?: string): number {
    const row = this.ids.length;
    const recordId = id ?? makeRecordId(this.schema.keyPrefix, this.pod, ++this.serial);
    this.ids.push(recordId);
    this.rowById.set(recordId, row);
    for (const col of this.columns.values()) col.push(null);
    this.deletedAt.push(0);
    return row;
  }

  isDeleted(row: number): boolean {
    return this.deletedAt[row] !== 0;
  }
}
