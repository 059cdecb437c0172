// The incremental engine every Salesforce sync here runs on (spec/salesforce.md §3.5, §3.7, §3.8, §4):
// - watermark SystemModstamp (not LastModifiedDate: it also moves on system-driven changes and is indexed), read
//   with `>=` so rows written in the same second as the last one read are not lost; the ids (with a fingerprint of
//   their values) already read at exactly the watermark are kept in the checkpoint and skipped, so they are not
//   reported twice — unless they changed again within that second;
// - incremental runs read through queryAll: rows in the recycle bin come back with IsDeleted = true (deleted),
//   undeleted rows come back with a new SystemModstamp (saved again, so the cache un-deletes them);
// - rows purged from the recycle bin come from getDeleted, from where the previous check stopped; when that is
//   older than getDeleted's 15-day window, the run re-reads everything with trackDeletesStart/End (a full
//   reconciliation): whatever it did not see is deleted;
// - first runs and reconciliations above `bulkThreshold` records read through Bulk API 2.0, else REST;
// - every call is checked against the org's API reserve; a run that reaches it stops with its checkpoint saved.
// This file is over the usual size because the run is one state machine; each Salesforce mechanism is its own file.
import type { SyncHelper } from '../../../functions/sdk/index.js';
import * as z from 'zod';
import { ApiBudget } from './api-budget.js';
import { bulkQuery, type BulkPosition } from './bulk-query.js';
import { describeFields } from './describe-fields.js';
import { purgedSince, serverTime } from './purged-records.js';
import { soqlPages, type SoqlRecord } from './soql-pages.js';
import { readSyncOptions, type SyncOptions } from './sync-options.js';
import { watermarkAfter } from './watermark.js';

export { API_VERSION, type SoqlRecord } from './soql-pages.js';

/** A text field as a model wants it: the string, or null for null and anything else. */
export const stringOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/** A number field as a model wants it (REST gives numbers, Bulk CSV strings already typed by describe). */
export const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const booleanOr = (v: unknown, fallback = false): boolean => (typeof v === 'boolean' ? v : fallback);

/** Salesforce answers `2024-09-27T10:39:01.000+0000` (REST) or `…Z` (Bulk); SOQL datetime literals want ISO 8601, unquoted. */
export const soqlDatetime = (value: string): string => new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString();
export const datetimeOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? soqlDatetime(v) : null);

export interface IncrementalQuery<R> {
  object: string;
  fields: string[];
  model: string;
  toRecord(row: SoqlRecord): R;
  /** Extra SOQL condition (e.g. `IsActive = true`), ANDed with the watermark. */
  where?: string;
}

/** What one object's run keeps between runs. */
export const ObjectCheckpoint = z.object({
  systemModstamp: z.string().optional(),
  /** `id:fingerprint` of the rows read at exactly systemModstamp. */
  seen: z.array(z.string()).optional(),
  /** getDeleted has been read up to here (its latestDateCovered). */
  deletedCheckedUntil: z.string().optional(),
  /** A full read (first run, full resync or reconciliation) is under way. */
  full: z.object({ startedAt: z.string(), reconcile: z.boolean(), bulk: z.object({ jobId: z.string(), locator: z.string().optional() }).optional() }).optional(),
  /** Why the last run stopped early (the API reserve); shown in the sync status with the checkpoint. */
  note: z.string().optional(),
});
export type ObjectCheckpoint = z.infer<typeof ObjectCheckpoint>;

/** Where one object's checkpoint lives: the whole sync checkpoint, or one key of it (the generic objects sync). */
export interface CheckpointSlot {
  load(): Promise<ObjectCheckpoint | null>;
  /** Whether an empty slot reads from `nango.lastSyncDate` (one-object syncs) or from the start (an object new to the sync). */
  emptyMeansLastSyncDate: boolean;
  save(c: ObjectCheckpoint): Promise<void>;
}

/** FNV-1a of what the row becomes: enough to tell "same row, unchanged" from "changed again in the same second". */
function fingerprint(row: SoqlRecord, toRecord: (r: SoqlRecord) => unknown): string {
  const s = row.IsDeleted ? 'deleted' : JSON.stringify(toRecord(row));
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return `${row.Id}:${(h >>> 0).toString(36)}`;
}

export type ObjectRunResult = 'done' | 'stopped' | 'needs-reconciliation';

/** One object's incremental read; `syncIncrementally` is its whole life for a one-object sync. */
export class ObjectSync<R extends { id: string }> {
  private state: ObjectCheckpoint = {};
  private readonly deletedThisRun = new Set<string>();

  constructor(
    private readonly nango: SyncHelper<any, any, any>,
    private readonly q: IncrementalQuery<R>,
    private readonly slot: CheckpointSlot,
    private readonly budget: ApiBudget,
    private readonly options: SyncOptions,
  ) {}

  private get soqlFields(): string {
    return [...new Set(['Id', 'SystemModstamp', ...this.q.fields])].join(', ');
  }

  /** Resumes a full read, or reads what changed since the last run; says when a reconciliation is due. */
  async run(): Promise<ObjectRunResult> {
    const { note: _previous, ...loaded } = (await this.slot.load()) ?? {};
    this.state = loaded;
    if (this.state.full?.reconcile) return 'needs-reconciliation';
    const since = this.state.systemModstamp ?? (this.slot.emptyMeansLastSyncDate ? this.nango.lastSyncDate?.toISOString() : undefined);
    if (this.state.full || !since) return (await this.fullRead(false)) ? 'done' : 'stopped';
    if (!this.state.systemModstamp) this.state.systemModstamp = soqlDatetime(since);
    const read = await this.readChanges(true);
    if (read === 'stopped') return 'stopped';
    return this.checkPurged(read.serverNow);
  }

  /**
   * Reads every live row (first run, full resync, reconciliation). Resumable: a REST read resumes from its
   * watermark, a Bulk read from its job's locator. Returns true when complete.
   */
  async fullRead(reconcile: boolean): Promise<boolean> {
    // A reconciliation always starts over: deletion tracking covers one run only.
    if (reconcile) this.state = { ...this.state, systemModstamp: undefined, seen: undefined, full: undefined };
    let full = this.state.full;
    if (!full) {
      const counted = await this.count();
      if (counted === undefined) return false;
      full = { startedAt: new Date(counted.serverNow).toISOString(), reconcile };
      this.state = { ...this.state, systemModstamp: undefined, seen: undefined, full };
      if (counted.total >= this.options.bulkThreshold) {
        const done = await this.bulkRead(full);
        if (done !== 'rest') return done;
      }
      await this.slot.save(this.state);
    } else if (full.bulk) {
      const done = await this.bulkRead(full);
      if (done !== 'rest') return done;
    }
    const read = await this.readChanges(false);
    if (read === 'stopped') return false;
    await this.finishFull(full);
    return true;
  }

  private async finishFull(full: NonNullable<ObjectCheckpoint['full']>): Promise<void> {
    // getDeleted's next window starts when this read started: deletions during the read are found either way.
    this.state = { ...this.state, full: undefined, deletedCheckedUntil: full.startedAt };
    await this.slot.save(this.state);
  }

  private async count(): Promise<{ total: number; serverNow: number } | undefined> {
    for await (const page of soqlPages(this.nango, `SELECT COUNT() FROM ${this.q.object}${this.q.where ? ` WHERE ${this.q.where}` : ''}`, { budget: this.budget })) {
      return { total: page.totalSize, serverNow: serverTime(page.headers) };
    }
    return undefined;
  }

  /** Bulk API 2.0 read; 'rest' when Bulk cannot do it (the reason is logged) and REST should. */
  private async bulkRead(full: NonNullable<ObjectCheckpoint['full']>): Promise<boolean | 'rest'> {
    const types = await describeFields(this.nango, this.q.object, this.budget);
    const soql = `SELECT ${this.soqlFields} FROM ${this.q.object}${this.q.where ? ` WHERE ${this.q.where}` : ''}`;
    const outcome = await bulkQuery(this.nango, soql, types, {
      budget: this.budget,
      ...(full.bulk ? { resume: full.bulk as BulkPosition } : {}),
      onJob: async (jobId) => {
        this.state = { ...this.state, full: { ...full, bulk: { jobId } } };
        await this.slot.save(this.state);
      },
      onPage: async (rows, next) => {
        await this.save(rows);
        // Bulk pages come in no particular order: the watermark is the highest stamp read so far.
        this.advance(rows, true);
        this.state = { ...this.state, full: { ...full, ...(next ? { bulk: next } : {}) } };
        if (next) await this.slot.save(this.state);
      },
    });
    if (outcome.kind === 'unsupported') {
      this.nango.log(`Bulk API 2.0 cannot read ${this.q.object} (${outcome.reason}); reading it through REST instead.`, { level: 'warn' });
      this.state = { ...this.state, systemModstamp: undefined, seen: undefined, full: { ...full, bulk: undefined } };
      return 'rest';
    }
    if (outcome.kind === 'stopped') return false;
    await this.finishFull(full);
    return true;
  }

  /** REST read in SystemModstamp order from the watermark; queryAll when deletions should show. */
  private async readChanges(withDeleted: boolean): Promise<{ serverNow: number } | 'stopped'> {
    const since = this.state.systemModstamp;
    const seen = new Set(this.state.seen ?? []);
    const conditions = [...(since ? [`SystemModstamp >= ${since}`] : []), ...(this.q.where ? [`(${this.q.where})`] : [])];
    const fields = withDeleted ? `${this.soqlFields}, IsDeleted` : this.soqlFields;
    const soql = `SELECT ${fields} FROM ${this.q.object}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY SystemModstamp ASC, Id ASC`;
    let serverNow: number | undefined;
    let complete = false;
    // A page's records are sent while the previous page's are still being written: the host applies the writes in
    // order (syncs/ordered-writes.ts), and a page's checkpoint is saved only once its records are, after the
    // previous page's checkpoint. So this page's records (mapped, checked against the model, serialized) cross to
    // the host while PostgreSQL writes the previous page, and a failed write still stops the run before its page's
    // checkpoint.
    let saved: Promise<void> = Promise.resolve();
    let saving: Promise<void> = Promise.resolve();
    try {
      for await (const page of soqlPages(this.nango, soql, { all: withDeleted, budget: this.budget })) {
        serverNow ??= serverTime(page.headers);
        const fresh = page.records.filter((r) => !(since && soqlDatetime(r.SystemModstamp) === since && seen.has(fingerprint(r, this.q.toRecord))));
        const sent = this.save(fresh);
        saving = sent;
        sent.catch(() => {}); // awaited below, once the previous page is saved
        await saved;
        this.advance(page.records, false);
        const state = this.state;
        saved = sent.then(() => this.slot.save(state));
        complete = page.done;
      }
    } catch (err) {
      // The run ends with nothing of it still being written.
      await Promise.allSettled([saved, saving]);
      throw err;
    }
    await saved;
    return complete && serverNow !== undefined ? { serverNow } : 'stopped';
  }

  private async save(rows: SoqlRecord[]): Promise<void> {
    const live = rows.filter((r) => !r.IsDeleted).map((r) => this.q.toRecord(r));
    const deleted = rows.filter((r) => r.IsDeleted).map((r) => r.Id);
    if (live.length) await this.nango.batchSave(live, this.q.model);
    if (deleted.length) {
      for (const id of deleted) this.deletedThisRun.add(id);
      await this.nango.batchDelete(deleted.map((id) => ({ id })), this.q.model);
    }
  }

  /** Moves the watermark over a page's rows, remembering the rows read at exactly its last stamp (watermark.ts). */
  private advance(rows: readonly SoqlRecord[], unordered: boolean): void {
    this.state = watermarkAfter(this.state, rows, unordered, (r) => soqlDatetime(r.SystemModstamp), (r) => fingerprint(r, this.q.toRecord));
  }

  /** Records in the checkpoint why the run stopped early, so that the sync status says so. */
  async noteStop(note: string): Promise<void> {
    this.state = { ...this.state, note };
    await this.slot.save(this.state);
  }

  /** getDeleted since the last check: purged rows are deleted; too old a check asks for a reconciliation. */
  private async checkPurged(serverNow: number): Promise<ObjectRunResult> {
    const since = this.state.deletedCheckedUntil ?? (this.slot.emptyMeansLastSyncDate ? this.nango.lastSyncDate?.toISOString() : undefined);
    if (!since) {
      this.state = { ...this.state, deletedCheckedUntil: new Date(serverNow).toISOString() };
      await this.slot.save(this.state);
      return 'done';
    }
    const check = await purgedSince(this.nango, this.q.object, since, serverNow, this.budget);
    if (check.kind === 'too-old') {
      this.nango.log(`${this.q.object}: deletions were last checked at ${since}, beyond getDeleted's 15-day window; re-reading everything to find rows deleted since.`, { level: 'warn' });
      this.state = { ...this.state, full: undefined };
      return 'needs-reconciliation';
    }
    if (check.kind === 'skipped') return this.budget.stoppedBecause ? 'stopped' : 'done';
    const gone = check.ids.filter((id) => !this.deletedThisRun.has(id));
    if (gone.length) await this.nango.batchDelete(gone.map((id) => ({ id })), this.q.model);
    this.state = { ...this.state, deletedCheckedUntil: check.coveredUntil };
    await this.slot.save(this.state);
    return 'done';
  }
}

/** The whole run of a one-object sync (accounts, contacts, leads…): checkpoint = the object's checkpoint. */
export async function syncIncrementally<R extends { id: string }>(nango: SyncHelper<any, any, any>, q: IncrementalQuery<R>): Promise<void> {
  const options = await readSyncOptions(nango);
  const budget = new ApiBudget(options.apiReservePercent);
  const slot: CheckpointSlot = {
    load: async () => (await nango.getCheckpoint()) as ObjectCheckpoint | null,
    save: (c) => nango.saveCheckpoint(c),
    emptyMeansLastSyncDate: true,
  };
  const sync = new ObjectSync(nango, q, slot, budget, options);
  const fresh = !(await slot.load())?.systemModstamp && !nango.lastSyncDate;
  // A first run or full resync that completes in this run also finds what the cache holds and Salesforce no longer has.
  if (fresh) await nango.trackDeletesStart(q.model);
  const result = await sync.run();
  if (fresh && result === 'done') await nango.trackDeletesEnd(q.model);
  if (result === 'needs-reconciliation') await reconcile(nango, [{ sync, model: q.model }]);
  if (budget.stoppedBecause) {
    nango.log(budget.stoppedBecause, { level: 'warn' });
    await sync.noteStop(budget.stoppedBecause);
    await nango.setRunNote(budget.stoppedBecause);
  }
}

/**
 * Full reconciliation of objects sharing one run: trackDeletesStart, a full read of each, trackDeletesEnd only
 * when every read completed in this run (a partial read would delete what it had not reached yet).
 */
export async function reconcile(nango: SyncHelper<any, any, any>, objects: { sync: ObjectSync<any>; model: string }[]): Promise<boolean> {
  for (const model of new Set(objects.map((o) => o.model))) await nango.trackDeletesStart(model);
  for (const o of objects) {
    if (!(await o.sync.fullRead(true))) return false;
  }
  for (const model of new Set(objects.map((o) => o.model))) await nango.trackDeletesEnd(model);
  return true;
}
