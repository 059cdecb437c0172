// For sync tests and the records benchmark: real sync functions (bundled by the real bundler, run by the
// real runner) deployed straight into the function store, and a poll for a sync's next finished run.
import { bundleFixtures, type FixtureFunction } from '../../functions/testing/function-fixtures.js';
import { FunctionStore } from '../../functions/function-store.js';
import type { FunctionDefinition } from '../../functions/function-definition.js';
import type { Database } from '../../database/database.js';
import type { SyncService } from '../sync-service.js';
import type { SyncRun } from '../sync-store.js';
import { waitUntil } from '../../testing/wait-until.js';

export interface SyncFixtureDeps {
  db: Database;
  syncs: SyncService;
}

/**
 * An incremental Account sync over SOQL queryAll on SystemModstamp with nextRecordsUrl pagination; its
 * checkpoint is the last page's SystemModstamp (>= on resume: re-read rows are unchanged, so not rewritten).
 * Connection metadata tunes it: batchSize (200..2000) and pageDelayMs (to be caught mid-run). It appends
 * the checkpoint it started from to metadata.starts, so tests can see a resumed run.
 */
export const ACCOUNTS_SYNC_SOURCE = `
import { createSync } from 'terapi';
import { z } from 'zod';

const Account = z.object({ id: z.string(), name: z.string(), industry: z.string().nullable(), stamp: z.string() });

export default createSync({
  description: 'Accounts, incremental on SystemModstamp',
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'incremental',
  trackDeletes: TRACK_DELETES,
  models: { Account },
  exec: async (nango) => {
    const meta = ((await nango.getMetadata()) ?? {}) as { starts?: (string | null)[]; batchSize?: number; pageDelayMs?: number };
    const checkpoint = (await nango.getCheckpoint()) as { since?: string } | null;
    await nango.updateMetadata({ starts: [...(meta.starts ?? []), checkpoint?.since ?? null] });
    const where = checkpoint?.since ? ' WHERE SystemModstamp >= ' + checkpoint.since : '';
    const request = (endpoint: string, params?: Record<string, string>) => {
      const p = nango.get({ endpoint, ...(params ? { params } : {}), headers: { 'Sforce-Query-Options': 'batchSize=' + (meta.batchSize ?? 2000) } });
      p.catch(() => {}); // awaited below; a page requested ahead and never awaited is not an unhandled rejection
      return p;
    };
    let pending = request('/services/data/v60.0/queryAll', { q: 'SELECT Id, Name, Industry, IsDeleted, SystemModstamp FROM Account' + where + ' ORDER BY SystemModstamp, Id' });
    // Ahead (PREFETCH), as the catalog's Salesforce syncs read (incremental-query.ts): the next page is requested
    // before this one is saved, and a page's records are sent while the previous page's are written; a page's
    // checkpoint follows its records.
    let saved = Promise.resolve();
    for (;;) {
      const res = await pending;
      const next = res.data.nextRecordsUrl as string | undefined;
      if (next && PREFETCH) pending = request(next);
      const rows = res.data.records as { Id: string; Name: string; Industry: string | null; IsDeleted: boolean; SystemModstamp: string }[];
      const live = rows.filter((r) => !r.IsDeleted).map((r) => ({ id: r.Id, name: r.Name, industry: r.Industry ?? null, stamp: r.SystemModstamp }));
      const gone = rows.filter((r) => r.IsDeleted).map((r) => ({ id: r.Id }));
      const save = async () => {
        if (live.length) await nango.batchSave(live, 'Account');
        if (gone.length && checkpoint?.since !== undefined) await nango.batchDelete(gone, 'Account');
      };
      const last = rows[rows.length - 1];
      const checkpointed = () => (last ? nango.saveCheckpoint({ since: new Date(last.SystemModstamp).toISOString() }) : Promise.resolve());
      if (PREFETCH) {
        const sent = save();
        sent.catch(() => {});
        await saved;
        saved = sent.then(checkpointed);
      } else {
        await save();
        await checkpointed();
      }
      if (meta.pageDelayMs) await new Promise((r) => setTimeout(r, meta.pageDelayMs));
      if (!next) break;
      if (!PREFETCH) pending = request(next);
    }
    await saved;
  },
});
`;

export const LOOP_SYNC_SOURCE = `
import { createSync } from 'terapi';
import { z } from 'zod';
export default createSync({
  description: 'never ends',
  frequency: 'every 1h',
  autoStart: false,
  syncType: 'full',
  models: { Thing: z.object({ id: z.string() }) },
  exec: async () => {
    for (;;) {}
  },
});
`;

export const ACCOUNT_MODEL = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, industry: { type: ['string', 'null'] }, stamp: { type: 'string' } }, required: ['id', 'name', 'industry', 'stamp'] };

export interface DeployableSync {
  name: string;
  source: string;
  definition: FunctionDefinition;
}

/** `prefetch`: the next page is requested while this one is saved, and a page's records are sent while the previous page's are written (the catalog's Salesforce syncs read so). */
export function accountsSync(opts: { name?: string; trackDeletes?: boolean; syncType?: 'incremental' | 'full'; prefetch?: boolean } = {}): DeployableSync {
  return {
    name: opts.name ?? 'accounts',
    source: ACCOUNTS_SYNC_SOURCE.replace('TRACK_DELETES', String(opts.trackDeletes ?? false)).replaceAll('PREFETCH', String(opts.prefetch ?? false)).replace("syncType: 'incremental'", `syncType: '${opts.syncType ?? 'incremental'}'`),
    definition: { models: { Account: ACCOUNT_MODEL }, frequency: 'every 1h', autoStart: false, syncType: opts.syncType ?? 'incremental', trackDeletes: opts.trackDeletes ?? false },
  };
}

/** Bundles the syncs for real and makes them the integration's active functions; connections get their sync rows. */
export async function deploySyncs(s: SyncFixtureDeps, environmentId: number, integrationKey: string, syncs: DeployableSync[]): Promise<void> {
  const fixtures: FixtureFunction[] = syncs.map((x) => ({ integration: integrationKey, kind: 'sync', name: x.name, source: x.source }));
  const built = await bundleFixtures(fixtures);
  await new FunctionStore(s.db).deploy(
    environmentId,
    syncs.map((x) => {
      const b = built.get(x.name)!;
      return { integrationKey, name: x.name, kind: 'sync' as const, bundle: b.bundle, definition: x.definition, contentHash: b.contentHash };
    }),
    [integrationKey],
  );
  await s.syncs.onDeployed(environmentId, integrationKey);
}

/** Waits until the sync has a finished run after `afterRunId` (polling the database, with a deadline). */
export async function nextFinishedRun(s: SyncFixtureDeps, syncId: string, afterRunId = 0): Promise<SyncRun> {
  return waitUntil(`a finished run of sync ${syncId} after run ${afterRunId}`, async () => (await s.syncs.store.runsOf(syncId)).find((r) => r.id > afterRunId && r.status !== 'RUNNING'));
}
