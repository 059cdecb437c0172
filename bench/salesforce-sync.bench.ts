// npm run bench -- salesforce-sync [N] (issue 14 §9): the pre-built accounts sync's first run of N Accounts
// (default 1,000,000), once through Bulk API 2.0 (bulkThreshold 0) and once through REST (bulkThreshold above N),
// each on its own simulated org, run by a worker process against one PostgreSQL; printed next to a bare
// INSERT … ON CONFLICT of the same rows: records/s, Salesforce API calls used, and the worker's peak memory
// (worker and function sandbox together, sampled through the run: flat from 25 % to 100 % = no growth with records). Asserts nothing. Uses DATABASE_URL when set, else an embedded PostgreSQL.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSalesforceSim } from '@terapi/salesforce-sim';
import { benchPostgres } from './bench-postgres.js';
import { connectSalesforce } from '../packages/server/src/providers/salesforce/testing/connect-salesforce.js';
import { createTestDatabase } from '../packages/server/src/testing/test-terapi.js';
import { startSyncTerapi } from '../packages/server/src/syncs/testing/start-sync-terapi.js';
import { spawnWorker } from '../packages/server/src/syncs/testing/spawn-worker.js';
import { DEFAULT_POLL_INTERVAL_MS } from '../packages/server/src/jobs/job-runner.js';
import { deployFolder, PREBUILT_FUNCTIONS_DIR } from '../packages/server/src/functions/testing/deploy-folder.js';
import { waitUntil } from '../packages/server/src/testing/wait-until.js';

const N = Number(process.argv[2] ?? 1_000_000);
const rssKb = (pid: number): number => {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // the process ended between listing and reading
  }
};
const childrenOf = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
/** The worker and everything it started (the function sandbox process): their resident memory together, in MB. */
const treeRssMb = (pid: number): number => {
  let kb = rssKb(pid);
  for (const c of childrenOf(pid)) kb += treeRssMb(c) * 1024;
  return kb / 1024;
};
/** Samples the worker tree's RSS every 250 ms while a run goes: the curve says whether memory grows with the records read. */
const sampleRss = (pid: number) => {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(treeRssMb(pid)), 250);
  return {
    stop() {
      clearInterval(timer);
      const at = (f: number) => samples[Math.min(samples.length - 1, Math.floor(f * (samples.length - 1)))] ?? NaN;
      return { start: at(0), q1: at(0.25), mid: at(0.5), q3: at(0.75), end: at(1), peak: Math.max(...samples) };
    },
  };
};
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

// Only the accounts sync (it imports terapi/salesforce), once per integration so that each run starts on its own deploy.
const folders: string[] = [];
const accountsOnly = (integration: string) => {
  const folder = mkdtempSync(join(tmpdir(), 'terapi-bench-sf-'));
  folders.push(folder);
  cpSync(join(PREBUILT_FUNCTIONS_DIR, 'salesforce', 'syncs', 'accounts.ts'), join(folder, integration, 'syncs', 'accounts.ts'));
  return folder;
};

const pgServer = await benchPostgres();
process.env.TERAPI_TEST_DATABASE_URL = pgServer.adminUrl;
const sim = await startSalesforceSim({ port: 0 });
const db = await createTestDatabase();
const api = await startSyncTerapi({ role: 'api', database: { url: db.url, encryptionKey: Buffer.alloc(32, 7).toString('base64') }, env: { TERAPI_UPSTREAM_MAP: sim.upstreamMap } });
// The worker polls for future jobs as `terapi start` does (tests poll ten times as often, and pay for it).
const worker = await spawnWorker({ DATABASE_URL: db.url, TERAPI_ENCRYPTION_KEY: api.encryptionKey, TERAPI_UPSTREAM_MAP: sim.upstreamMap }, { pollIntervalMs: DEFAULT_POLL_INTERVAL_MS });
try {
  const org = sim.summary().orgs.find((o) => !o.sandbox)!;
  console.log(`seeding the simulator: ${N} Accounts…`);
  await sim.control.seed(org.id, N);
  const env = (await api.services.environments.findByName('dev'))!;
  // Two connections to the same org, each under its own integration; the runs happen one after the other.
  const connect = async (integrationKey: string, bulkThreshold: number) => {
    const app = await sim.control.createApp(org.id, { callbackUrls: [`${api.url}/oauth/callback`] });
    const { connectionId } = await connectSalesforce(api, sim, { app, integrationKey, endUserId: integrationKey });
    const res = await api.api('/connections/metadata', { method: 'PATCH', json: { connection_id: connectionId, provider_config_key: integrationKey, metadata: { bulkThreshold } } });
    if (res.status !== 200) throw new Error(`metadata: ${res.status} ${await res.text()}`);
    return { connectionId, conn: (await api.services.connections.get(env.id, integrationKey, connectionId))! };
  };
  const bulk = await connect('salesforce', 0);
  const rest = await connect('salesforce-rest', N + 1);
  const usage = (_orgId: string) => sim.sim.getOrg(org.id)!.data.limits.dailyApiUsed;
  const bulkOrg = org;
  const restOrg = org;

  const firstRun = async (connId: number, orgId: string) => {
    const before = usage(orgId);
    const row = await waitUntil('the accounts sync row', async () => (await api.services.syncs.store.listForConnection(connId)).find((s) => s.name === 'accounts'));
    const run = await waitUntil('the first accounts run', async () => (await api.services.syncs.store.runsOf(row.id)).find((r) => r.status !== 'RUNNING'), { ms: 4 * 3_600_000, every: 500 });
    if (run.status !== 'SUCCESS') throw new Error(`sync failed: ${JSON.stringify(run.error)}`);
    return { ms: run.finishedAt!.getTime() - run.startedAt.getTime(), calls: usage(orgId) - before, result: run.result };
  };
  // A deploy starts the (auto-start) accounts sync of its integration's connections.
  const pid = worker.child.pid!;
  let sampler = sampleRss(pid);
  await deployFolder(api, accountsOnly('salesforce'));
  const viaBulk = await firstRun(bulk.conn.id, bulkOrg.id);
  const rssBulk = sampler.stop();
  sampler = sampleRss(pid);
  await deployFolder(api, accountsOnly('salesforce-rest'));
  const viaRest = await firstRun(rest.conn.id, restOrg.id);
  const rssRest = sampler.stop();

  // The limit: the same rows, INSERT … ON CONFLICT in batches of 2,000 into a table shaped like records.
  await api.services.db.query('create table bench_bare (like records including all)');
  const { rows } = await api.services.db.query<{ external_id: string; data: string }>('select external_id, data::text as data from records where connection_id = $1 order by id', [bulk.conn.id]);
  const bareStart = performance.now();
  for (let i = 0; i < rows.length; i += 2000) {
    const batch = rows.slice(i, i + 2000);
    await api.services.db.query(
      `insert into bench_bare (connection_id, model, external_id, data, data_hash, created_at, updated_at)
       select $1, 'SalesforceAccount', e, d, md5(d::text), now(), now() from unnest($2::text[], $3::jsonb[]) as t(e, d)
       on conflict (connection_id, model, external_id) do update set data = excluded.data`,
      [bulk.conn.id, batch.map((r) => r.external_id), batch.map((r) => r.data)],
    );
  }
  const bareMs = performance.now() - bareStart;
  const bareRate = rate(rows.length, bareMs);

  console.log(`\nsalesforce-sync benchmark (${N} Accounts, first run of the pre-built accounts sync, one PostgreSQL)`);
  for (const [name, r, rss] of [['Bulk API 2.0', viaBulk, rssBulk], ['REST        ', viaRest, rssRest]] as const) {
    const rps = rate(N, r.ms);
    const mb = (v: number) => v.toFixed(0);
    console.log(`  ${name}  ${rps.toLocaleString()} records/s (${(r.ms / 1000).toFixed(1)} s, ${((rps / bareRate) * 100).toFixed(0)} % of bare)  ${r.calls} API calls  result ${JSON.stringify(r.result)}`);
    console.log(`                worker + sandbox RSS (MB) at 0/25/50/75/100 % of the run: ${[rss.start, rss.q1, rss.mid, rss.q3, rss.end].map(mb).join(' / ')}, peak ${mb(rss.peak)}`);
  }
  console.log(`  bare insert   ${bareRate.toLocaleString()} records/s (${(bareMs / 1000).toFixed(1)} s)`);
  console.log(`  API calls     REST / Bulk = ${(viaRest.calls / Math.max(1, viaBulk.calls)).toFixed(1)}×`);
} finally {
  await worker.kill('SIGTERM');
  await api.close();
  await db.drop();
  await sim.close();
  await pgServer.stop();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
}
