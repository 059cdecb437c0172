import { makeRecordId } from './record-id.js';
import type { SObjectSchema } from './sobject-schema.js';

export interface RowSnapshot {
  values: Map<string, unknown>;
  deletedAt: number;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * id → row. Ids this table minted encode their serial (chars 6–14), so they are found by decoding rather than
 * through a million-entry Map; ids given from outside (users) use a small Map.
 */
export class RowIndex {
  /** serial → row, -1 once the row was removed by a rollback. */
  readonly bySerial: number[] = [-1];
  readonly foreign = new Map<string, number>();

  constructor(
    private readonly table: RecordTable,
    private readonly stem: string,
  ) {}

  get size(): number {
    return this.table.ids.length;
  }

  get(id: string): number | undefined {
    if (id.startsWith(this.stem)) {
      let serial = 0;
      for (let i = 6; i < 15; i++) {
        const d = BASE62.indexOf(id[i] ?? '');
        if (d < 0) return this.foreign.get(id);
        serial = serial * 62 + d;
      }
      const row = this.bySerial[serial];
      if (row !== undefined && row >= 0 && this.table.ids[row] === id) return row;
    }
    return this.foreign.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }
}

/**
 * Columnar storage for one sObject: one array per field, so a million rows cost a handful of arrays rather
 * than a million objects. Unset cells are holes read as null. Datetime columns hold epoch milliseconds; dates hold
 * `YYYY-MM-DD` strings. Deleted rows stay (the recycle bin, spec/salesforce.md §3.8) with `deletedAt` set.
 */
export class RecordTable {
  readonly ids: string[] = [];
  readonly rowById: RowIndex;
  readonly columns = new Map<string, unknown[]>();
  readonly deletedAt: number[] = [];
  private serial = 0;

  constructor(
    readonly schema: SObjectSchema,
    private readonly pod: string,
  ) {
    for (const f of schema.fields) if (f.name !== 'Id') this.columns.set(f.name, []);
    this.rowById = new RowIndex(this, schema.keyPrefix + pod);
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

  /** Appends an empty row (every column null); returns its index. */
  appendRow(id?: string): number {
    const row = this.ids.length;
    if (id === undefined) {
      const serial = ++this.serial;
      this.ids.push(makeRecordId(this.schema.keyPrefix, this.pod, serial));
      this.rowById.bySerial[serial] = row;
    } else {
      this.ids.push(id);
      this.rowById.foreign.set(id, row);
    }
    this.deletedAt.push(0);
    return row;
  }

  snapshotRow(row: number): RowSnapshot {
    const values = new Map<string, unknown>();
    for (const [name, col] of this.columns) values.set(name, col[row]);
    return { values, deletedAt: this.deletedAt[row]! };
  }

  restoreRow(row: number, snap: RowSnapshot): void {
    for (const [name, v] of snap.values) this.column(name)[row] = v;
    this.deletedAt[row] = snap.deletedAt;
  }

  /** Removes the newest row (undo of an append); its serial is not reused. */
  popRow(): void {
    const id = this.ids.pop();
    if (id === undefined) return;
    const row = this.ids.length;
    this.rowById.foreign.delete(id);
    const serial = this.rowById.bySerial.lastIndexOf(row);
    if (serial > 0) this.rowById.bySerial[serial] = -1;
    for (const col of this.columns.values()) if (col.length > row) col.length = row;
    this.deletedAt.pop();
  }

  /**
   * Rows gone from the recycle bin (hard-deleted or emptied, spec/salesforce.md §3.8): queryAll no longer sees
   * them; `/deleted/` still lists them (deletedAt stays set).
   */
  readonly purged = new Set<number>();

  isDeleted(row: number): boolean {
    return this.deletedAt[row] !== 0;
  }
}
