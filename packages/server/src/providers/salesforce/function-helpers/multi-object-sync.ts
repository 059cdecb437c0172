// A sync that follows several objects in one run (opportunities with their line items; the generic objects sync):
// one ObjectSync per object, each with its own key in the sync's checkpoint. Objects sharing a model are
// reconciled together, since trackDeletesEnd works per model.
import type { SyncHelper } from '../../../functions/sdk/index.js';
import * as z from 'zod';
import { ApiBudget } from './api-budget.js';
import { ObjectCheckpoint, ObjectSync, reconcile, type IncrementalQuery, type ObjectRunResult } from './incremental-query.js';
import { readSyncOptions } from './sync-options.js';

export const MultiObjectCheckpoint = z.object({ objects: z.record(z.string(), ObjectCheckpoint), note: z.string().optional() });
export type MultiObjectCheckpoint = z.infer<typeof MultiObjectCheckpoint>;

export async function syncObjectsIncrementally(nango: SyncHelper<any, any, any>, queries: IncrementalQuery<any>[]): Promise<void> {
  const options = await readSyncOptions(nango);
  const budget = new ApiBudget(options.apiReservePercent);
  const objects: Record<string, ObjectCheckpoint> = { ...(((await nango.getCheckpoint()) as MultiObjectCheckpoint | null)?.objects ?? {}) };
  const fresh = Object.keys(objects).length === 0 && !nango.lastSyncDate;
  const models = [...new Set(queries.map((q) => q.model))];
  const syncs = queries.map((q) => ({
    model: q.model,
    sync: new ObjectSync(nango, q, {
      load: async () => objects[q.object] ?? null,
      save: async (c) => {
        objects[q.object] = c;
        await nango.saveCheckpoint({ objects });
      },
      emptyMeansLastSyncDate: false,
    }, budget, options),
  }));
  if (fresh) for (const m of models) await nango.trackDeletesStart(m);
  const results: ObjectRunResult[] = [];
  for (const s of syncs) {
    const r = await s.sync.run();
    results.push(r);
    if (r === 'stopped') break;
  }
  if (fresh && results.length === syncs.length && results.every((r) => r === 'done')) for (const m of models) await nango.trackDeletesEnd(m);
  const due = new Set(syncs.filter((_, i) => results[i] === 'needs-reconciliation').map((s) => s.model));
  if (due.size) await reconcile(nango, syncs.filter((s) => due.has(s.model)));
  if (budget.stoppedBecause) {
    nango.log(budget.stoppedBecause, { level: 'warn' });
    await nango.saveCheckpoint({ objects, note: budget.stoppedBecause });
    await nango.setRunNote(budget.stoppedBecause);
  }
}
