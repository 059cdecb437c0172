import { ApiUsage } from './api-usage.js';
import { deriveComputedFields } from './computed-fields.js';
import { coerceFieldValue } from './field-value.js';
import { normalizeRecordId } from './record-id.js';
import { RecordTable, type RowSnapshot } from './record-table.js';
import { formatRestDatetime } from './salesforce-datetime.js';
import { seedTables } from './seeder.js';
import { SimDataError } from './sim-data-error.js';
import { compileSchema, type SObjectSchema } from './sobject-schema.js';
import { STANDARD_OBJECTS } from './standard-objects.js';

/** A record as Salesforce would return it (datetimes formatted per spec/salesforce.md §0), without `attributes`. */
export type SimRecord = Record<string, unknown>;

export interface OrgDataOptions {
  orgId: string;
  myDomain: string;
  /** spec/salesforce.md §6: 15,000 is the small-org allocation seen in fixtures. */
  dailyApiMax?: number;
  now?: () => number;
}

/** The subset of a simulator user the User sObject mirrors. */
export interface OrgDataUser {
  id: string;
  username: string;
  active: boolean;
  firstName?: string;
  lastName?: string;
  email?: string;
}

const NOT_FOUND_MESSAGE = 'The requested resource does not exist';

/** All records of one org, in memory. Every change bumps SystemModstamp (spec/salesforce.md §3.8). */
export class OrgData {
  readonly orgId: string;
  readonly myDomain: string;
  readonly limits: ApiUsage;
  readonly now: () => number;
  /** Delay of each Bulk query job step (UploadComplete → InProgress → JobComplete); raise it to hold jobs in a state. */
  bulkQueryStepMs = 15;
  private readonly tables = new Map<string, RecordTable>();
  private defaultUserId: string | undefined;
  private lastStamp = 0;
  private journal: UndoEntry[] | undefined;

  constructor(opts: OrgDataOptions) {
    this.orgId = opts.orgId;
    this.myDomain = opts.myDomain;
    this.limits = new ApiUsage(opts.dailyApiMax ?? 15000);
    this.now = opts.now ?? Date.now;
    const pod = podFor(opts.orgId);
    for (const def of STANDARD_OBJECTS) this.tables.set(def.name.toLowerCase(), new RecordTable(compileSchema(def), pod));
  }

  get schemas(): SObjectSchema[] {
    return [...this.tables.values()].map((t) => t.schema);
  }

  /** Case-insensitive, as Salesforce treats sObject names. */
  table(type: string): RecordTable | undefined {
    return this.tables.get(type.toLowerCase());
  }

  tableForId(id: string): RecordTable | undefined {
    const prefix = id.slice(0, 3);
    for (const t of this.tables.values()) if (t.schema.keyPrefix === prefix) return t;
    return undefined;
  }

  /**
   * Resolution of SystemModstamp. Salesforce stamps whole seconds (spec/salesforce.md §0), so several writes can
   * share one; the default (0) gives every change its own, strictly increasing stamp. Tests raise it to make
   * writes share a stamp on purpose.
   */
  stampResolutionMs = 0;

  stamp(): number {
    if (this.stampResolutionMs > 0) {
      this.lastStamp = Math.max(this.lastStamp, Math.floor(this.now() / this.stampResolutionMs) * this.stampResolutionMs);
      return this.lastStamp;
    }
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  seed(perObject: number, seed = 1): void {
    seedTables(this.tables, perObject, seed, this.defaultUserId);
  }

  /** Mirrors the org's users into the User sObject; the first active one owns records created without an owner. */
  syncUsers(users: readonly OrgDataUser[]): void {
    const table = this.requireTable('User');
    for (const u of users) {
      let row = table.rowById.get(u.id);
      const fresh = row === undefined;
      if (row === undefined) row = table.appendRow(u.id);
      const firstName = u.firstName ?? 'Admin';
      const lastName = u.lastName ?? u.username.split('@')[0] ?? u.username;
      const wanted: Record<string, unknown> = {
        ProfileId: this.adminProfileId(),
        Username: u.username, FirstName: firstName, LastName: lastName, Name: `${firstName} ${lastName}`,
        Email: u.email ?? u.username, Alias: lastName.slice(0, 8), IsActive: u.active, IsDeleted: false,
      };
      const changed = fresh || Object.entries(wanted).some(([k, v]) => table.value(row, k) !== v);
      if (!changed) continue;
      for (const [k, v] of Object.entries(wanted)) table.set(row, k, v);
      const at = this.stamp();
      if (fresh) {
        table.set(row, 'CreatedDate', at);
        table.set(row, 'CreatedById', u.id);
      }
      table.set(row, 'LastModifiedDate', at);
      table.set(row, 'LastModifiedById', u.id);
      table.set(row, 'SystemModstamp', at);
    }
    const first = users.find((u) => u.active) ?? users[0];
    if (first && this.defaultUserId === undefined) {
      this.defaultUserId = first.id;
      this.backfillUser(first.id);
    }
  }

  /** The one Profile every simulated user has, created on first use. */
  private adminProfileId(): string {
    const profiles = this.requireTable('Profile');
    if (profiles.size === 0) {
      const row = profiles.appendRow();
      const at = this.stamp();
      for (const [k, v] of Object.entries({ Name: 'System Administrator', Description: null, IsDeleted: false, CreatedDate: at, LastModifiedDate: at, SystemModstamp: at })) {
        profiles.set(row, k, v);
      }
    }
    return profiles.ids[0]!;
  }

  create(type: string, fields: Record<string, unknown>, actingUserId?: string): SimRecord {
    const table = this.requireTable(type);
    if (table.schema.name === 'User' || table.schema.name === 'Profile') {
      throw new SimDataError('INVALID_TYPE', `${table.schema.name} records are managed by the simulator, not the data API`);
    }
    const values = this.validate(table, fields, 'create');
    for (const f of table.schema.fields) {
      if (f.required && values.get(f.name) == null) {
        throw new SimDataError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${f.name}]`, [f.name]);
      }
    }
    this.checkUnique(table, values, undefined);
    const row = table.appendRow();
    this.journal?.push({ kind: 'append', table });
    for (const f of table.schema.fields) {
      if (f.defaultValue !== undefined && !values.has(f.name)) table.set(row, f.name, f.defaultValue);
    }
    for (const [k, v] of values) table.set(row, k, v);
    const user = actingUserId ?? this.defaultUserId ?? null;
    const at = this.stamp();
    table.set(row, 'IsDeleted', false);
    if (table.schema.owned && table.value(row, 'OwnerId') === null) table.set(row, 'OwnerId', user);
    table.set(row, 'CreatedDate', at);
    table.set(row, 'CreatedById', user);
    this.touch(table, row, at, user);
    return this.materialize(table, row);
  }

  update(type: string, id: string, fields: Record<string, unknown>, actingUserId?: string): SimRecord {
    const table = this.requireTable(type);
    const row = this.liveRow(table, id);
    const values = this.validate(table, fields, 'update');
    for (const [k, v] of values) {
      if (v === null && table.schema.fieldByLowerName.get(k.toLowerCase())?.required) {
        throw new SimDataError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${k}]`, [k]);
      }
    }
    this.checkUnique(table, values, row);
    this.remember(table, row);
    for (const [k, v] of values) table.set(row, k, v);
    this.touch(table, row, this.stamp(), actingUserId ?? this.defaultUserId ?? null);
    return this.materialize(table, row);
  }

  /** Unique fields (e.g. a unique external id): a value another live record holds is DUPLICATE_VALUE (spec/salesforce.md §3.11). */
  private checkUnique(table: RecordTable, values: Map<string, unknown>, self: number | undefined): void {
    for (const [k, v] of values) {
      const f = table.schema.fieldByLowerName.get(k.toLowerCase());
      if (!f?.unique || v === null || v === undefined) continue;
      const col = table.column(f.name);
      for (let i = 0; i < col.length; i++) {
        if (i !== self && col[i] === v && !table.isDeleted(i)) {
          throw new SimDataError('DUPLICATE_VALUE', `duplicate value found: ${f.name} duplicates value on record with id: ${table.ids[i]}`, []);
        }
      }
    }
  }

  delete(type: string, id: string): void {
    const table = this.requireTable(type);
    const row = this.liveRow(table, id);
    this.remember(table, row);
    const at = this.stamp();
    table.deletedAt[row] = at;
    table.set(row, 'IsDeleted', true);
    table.set(row, 'SystemModstamp', at);
  }

  /** Empties the record out of the recycle bin (deleting it first if live): a hard delete, spec/salesforce.md §3.8. */
  purge(type: string, id: string): void {
    const table = this.requireTable(type);
    const row = this.anyRow(table, id);
    if (!table.isDeleted(row)) this.delete(type, id);
    table.purged.add(row);
  }

  undelete(type: string, id: string): SimRecord {
    const table = this.requireTable(type);
    const row = this.anyRow(table, id);
    if (!table.isDeleted(row) || table.purged.has(row)) throw new SimDataError('UNDELETE_FAILED', 'Entity is not in the recycle bin');
    this.remember(table, row);
    table.deletedAt[row] = 0;
    table.set(row, 'IsDeleted', false);
    table.set(row, 'SystemModstamp', this.stamp());
    return this.materialize(table, row);
  }

  /**
   * Runs `fn` so that `rollback()` inside it can undo every change it made: the allOrNone of composite requests
   * (spec/salesforce.md §3.9). Not re-entrant.
   */
  transaction<T>(fn: (rollback: () => void) => T): T {
    const journal: UndoEntry[] = [];
    this.journal = journal;
    const rollback = () => {
      for (let i = journal.length - 1; i >= 0; i--) {
        const e = journal[i]!;
        if (e.kind === 'append') e.table.popRow();
        else e.table.restoreRow(e.row, e.before);
      }
      journal.length = 0;
    };
    try {
      return fn(rollback);
    } finally {
      this.journal = undefined;
    }
  }

  private remember(table: RecordTable, row: number): void {
    this.journal?.push({ kind: 'row', table, row, before: table.snapshotRow(row) });
  }

  /** The live record, or undefined when it does not exist or is in the recycle bin. */
  get(type: string, id: string): SimRecord | undefined {
    const table = this.table(type);
    const full = normalizeRecordId(id);
    const row = table && full ? table.rowById.get(full) : undefined;
    if (table === undefined || row === undefined || table.isDeleted(row)) return undefined;
    return this.materialize(table, row);
  }

  /** Rows whose external-id field equals `value` (live records only). */
  findByExternalId(table: RecordTable, field: string, value: string): number[] {
    const col = table.column(field);
    const rows: number[] = [];
    for (let i = 0; i < col.length; i++) if (col[i] === value && !table.isDeleted(i)) rows.push(i);
    return rows;
  }

  materialize(table: RecordTable, row: number, fieldNames?: readonly string[]): SimRecord {
    const out: SimRecord = {};
    for (const f of fieldNames ? fieldNames.map((n) => table.schema.fieldByLowerName.get(n.toLowerCase())!) : table.schema.fields) {
      const v = table.value(row, f.name);
      out[f.name] = f.type === 'datetime' && typeof v === 'number' ? formatRestDatetime(v) : v;
    }
    return out;
  }

  requireTable(type: string): RecordTable {
    const table = this.table(type);
    if (!table) throw new SimDataError('NOT_FOUND', NOT_FOUND_MESSAGE, [], 404);
    return table;
  }

  /** Row of a live record; spec/salesforce.md §3.6 404 NOT_FOUND, or ENTITY_IS_DELETED for the recycle bin. */
  liveRow(table: RecordTable, id: string): number {
    const row = this.anyRow(table, id);
    if (table.isDeleted(row)) throw new SimDataError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
    return row;
  }

  private anyRow(table: RecordTable, id: string): number {
    const full = normalizeRecordId(id);
    const row = full ? table.rowById.get(full) : undefined;
    if (row === undefined) throw new SimDataError('NOT_FOUND', NOT_FOUND_MESSAGE, [], 404);
    return row;
  }

  private validate(table: RecordTable, fields: Record<string, unknown>, op: 'create' | 'update'): Map<string, unknown> {
    const values = new Map<string, unknown>();
    const readOnly: string[] = [];
    for (const [key, raw] of Object.entries(fields)) {
      if (key === 'attributes') continue;
      const field = table.schema.fieldByLowerName.get(key.toLowerCase());
      if (field?.name === 'Id') {
        if (op === 'update') continue;
        throw new SimDataError('INVALID_FIELD', 'The Id field should not be specified in the sobject data.');
      }
      if (!field) {
        throw new SimDataError('INVALID_FIELD', `No such column '${key}' on sobject of type ${table.schema.name}`, [key]);
      }
      if (field.readOnly) {
        readOnly.push(field.name);
        continue;
      }
      const value = coerceFieldValue(field, raw);
      if (field.type === 'reference' && typeof value === 'string') this.checkReference(field.label, field.name, field.referenceTo ?? [], value);
      values.set(field.name, value);
    }
    if (readOnly.length > 0) {
      throw new SimDataError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly,
      );
    }
    return values;
  }

  private checkReference(label: string, name: string, referenceTo: string[], id: string): void {
    const target = this.tableForId(id);
    if (!target || !referenceTo.includes(target.schema.name)) {
      throw new SimDataError('FIELD_INTEGRITY_EXCEPTION', `${label}: id value of incorrect type: ${id}`, [name]);
    }
    const row = target.rowById.get(id);
    if (row === undefined || target.isDeleted(row)) {
      throw new SimDataError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [name]);
    }
  }

  private touch(table: RecordTable, row: number, at: number, user: string | null): void {
    table.set(row, 'LastModifiedDate', at);
    table.set(row, 'LastModifiedById', user);
    table.set(row, 'SystemModstamp', at);
    deriveComputedFields(table, row);
  }

  private backfillUser(userId: string): void {
    for (const table of this.tables.values()) {
      for (const name of ['OwnerId', 'CreatedById', 'LastModifiedById']) {
        const col = table.columns.get(name);
        if (!col) continue;
        for (let i = 0; i < table.size; i++) if (col[i] == null) col[i] = userId;
      }
    }
  }
}

type UndoEntry = { kind: 'append'; table: RecordTable } | { kind: 'row'; table: RecordTable; row: number; before: RowSnapshot };

/** Three base62 chars from the org id, so two orgs never share record ids. */
function podFor(orgId: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let h = 2166136261;
  for (let i = 0; i < orgId.length; i++) h = Math.imul(h ^ orgId.charCodeAt(i), 16777619) >>> 0;
  return alphabet[h % 62]! + alphabet[(h >>> 8) % 62]! + alphabet[(h >>> 16) % 62]!;
}
