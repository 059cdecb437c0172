// npm run bench -- webhooks (issue 13 "Benchmark"): in one run, against one PostgreSQL —
// 1. Outbound Messages of 100 notifications each, posted one at a time (the acknowledgment latency one
//    sender sees, p50 and p99), then CONCURRENCY at a time (latency under load, notifications per second),
//    next to the limit of a bare INSERT … ON CONFLICT of the same 100 rows per transaction;
// 2. a record changed in the simulator, which sends an Outbound Message to terapi: the time to the updated
//    record in GET /records (the pre-built accounts sync's onWebhook) and to the app's forward webhook.
// `npm run bench -- webhooks MESSAGES CONCURRENCY` changes part 1's size. Prints figures; asserts nothing.
import { loadavg } from 'node:os';
import { startSalesforceSim, outboundEnvelope } from '@terapi/salesforce-sim';
import { benchPostgres } from './bench-postgres.js';
import { connectSalesforce } from '../packages/server/src/providers/salesforce/testing/connect-salesforce.js';
import { startTestTerapi } from '../packages/server/src/testing/test-terapi.js';
import { deployCommand } from '../packages/server/src/cli/deploy-command.js';
import { PREBUILT_FUNCTIONS_DIR } from '../packages/server/src/functions/testing/deploy-folder.js';
import { waitUntil } from '../packages/server/src/testing/wait-until.js';
import { WebhookTestReceiver } from '../packages/server/src/webhooks/webhook-test-receiver.js';

const MESSAGES = Number(process.argv[2] ?? 200);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const PER_MESSAGE = 100;
const CHANGES = 20;
/** Messages of the one-sender pass (after the concurrent ones' bodies, so all are new). */
const SEQUENTIAL = 50;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const id18 = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(12, '0')}AAA`;

const pgServer = await benchPostgres();
process.env.TERAPI_TEST_DATABASE_URL = pgServer.adminUrl;
const sim = await startSalesforceSim({ port: 0 });
const receiver = await WebhookTestReceiver.start();
const t = await startTestTerapi({ env: { TERAPI_UPSTREAM_MAP: sim.upstreamMap, TERAPI_LOG_LEVEL: 'warn' } });
try {
  const orgId = sim.summary().orgs.find((o) => !o.sandbox)!.id;
  await sim.control.seed(orgId, 100);
  const app = await sim.control.createApp(orgId, { callbackUrls: [`${t.url}/oauth/callback`] });
  await t.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: false } });
  const io = { env: { TERAPI_HOST: t.url, TERAPI_SECRET_KEY: t.devSecretKey }, out: () => {}, err: (l: string) => console.error(l) };
  if ((await deployCommand(PREBUILT_FUNCTIONS_DIR, io)) !== 0) throw new Error('deploy failed');
  const { connectionId } = await connectSalesforce(t, sim, { app });
  const setup = ((await (await t.api('/integrations/salesforce/webhook')).json()) as { data: { outbound_message_url: string } }).data;
  await waitUntil('the first accounts sync', async () => {
    const res = await t.api(`/sync/status?syncs=accounts&provider_config_key=salesforce&connection_id=${connectionId}`);
    return ((await res.json()) as { syncs: { status: string }[] }).syncs[0]?.status === 'SUCCESS';
  }, { ms: 120_000 });
  await waitUntil('no sync run due', async () => (await t.services.db.query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'terapi_sync' and run_at < now() + interval '10 minutes'`)).rows[0]!.n === 0, { ms: 120_000 });

  // 1. Acknowledgment latency and throughput. Opportunity: no deployed sync subscribes, so this measures the
  //    intake (parse, route, store, enqueue the forwards); the worker delivers the forwards meanwhile.
  const bodies = Array.from({ length: MESSAGES + SEQUENTIAL }, (_, m) =>
    outboundEnvelope({
      orgId,
      instanceUrl: 'https://acme.my.salesforce.com',
      actionId: '04k5e000000CaRkAAK',
      notifications: Array.from({ length: PER_MESSAGE }, (_, i) => ({
        id: id18('04l', m * PER_MESSAGE + i),
        sObjectType: 'Opportunity',
        recordId: id18('006', m * PER_MESSAGE + i),
        fields: { Name: `Deal ${m}-${i}`, StageName: 'Prospecting', Amount: 1000 + i },
      })),
    }),
  );
  const post = (body: string) => fetch(setup.outbound_message_url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body });
  for (let i = 0; i < 5; i++) await (await post(bodies[i]!)).text(); // warm-up (stored; not counted)
  // One sender (as one org's Outbound Message queue), before the concurrent pass fills the worker's queue:
  // the latency of an acknowledgment itself.
  const single: number[] = [];
  for (let i = 5; i < 5 + SEQUENTIAL; i++) {
    const t0 = performance.now();
    const res = await post(bodies[i]!);
    const text = await res.text();
    single.push(performance.now() - t0);
    if (res.status !== 200 || !text.includes('<Ack>true</Ack>')) throw new Error(`not acknowledged: ${res.status} ${text.slice(0, 200)}`);
  }
  const latencies: number[] = [];
  let next = 5 + SEQUENTIAL;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= MESSAGES + SEQUENTIAL) return;
        const t0 = performance.now();
        const res = await post(bodies[i]!);
        const text = await res.text();
        latencies.push(performance.now() - t0);
        if (res.status !== 200 || !text.includes('<Ack>true</Ack>')) throw new Error(`not acknowledged: ${res.status} ${text.slice(0, 200)}`);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const notifications = (MESSAGES - 5) * PER_MESSAGE; // the concurrent pass: bodies 5 + SEQUENTIAL … MESSAGES + SEQUENTIAL
  const rate = Math.round((notifications / elapsed) * 1000);

  // The limit: the same rows, 100 per transaction, INSERT … ON CONFLICT into a copy of the table, CONCURRENCY at a time.
  await t.services.db.query('create table bench_events (like incoming_webhook_events including all)');
  const { rows } = await t.services.db.query<{ event_key: string; payload: string }>('select event_key, payload::text as payload from incoming_webhook_events order by id');
  let bareNext = 0;
  const bareStart = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = bareNext;
        bareNext += PER_MESSAGE;
        if (i >= rows.length) return;
        const batch = rows.slice(i, i + PER_MESSAGE);
        await t.services.db.query(
          `insert into bench_events (environment_id, integration_id, event_key, connection_ids, payload)
           select 1, 1, k, '{1}', p from unnest($1::text[], $2::jsonb[]) as t(k, p) on conflict (integration_id, event_key) do nothing`,
          [batch.map((r) => r.event_key), batch.map((r) => r.payload)],
        );
      }
    }),
  );
  const bareRate = Math.round((rows.length / (performance.now() - bareStart)) * 1000);
  // The floor of one acknowledgment: the same 100-row INSERT alone, one at a time, into an empty copy.
  await t.services.db.query('create table bench_events_single (like incoming_webhook_events including all)');
  const bareSingle: number[] = [];
  for (let i = 0; i < SEQUENTIAL * PER_MESSAGE && i < rows.length; i += PER_MESSAGE) {
    const batch = rows.slice(i, i + PER_MESSAGE);
    const t0 = performance.now();
    await t.services.db.query(
      `insert into bench_events_single (environment_id, integration_id, event_key, connection_ids, payload)
       select 1, 1, k, '{1}', p from unnest($1::text[], $2::jsonb[]) as t(k, p) on conflict (integration_id, event_key) do nothing`,
      [batch.map((r) => r.event_key), batch.map((r) => r.payload)],
    );
    bareSingle.push(performance.now() - t0);
  }

  // 2. Change to record and to forward: the simulator sends the Outbound Message, as Salesforce would.
  const accounts = await t.api(`/records?model=SalesforceAccount&limit=${CHANGES}`, { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
  const ids = ((await accounts.json()) as { records: { id: string }[] }).records.map((r) => r.id);
  const toRecord: number[] = [];
  const toForward: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const id = ids[i % ids.length]!;
    const industry = `Industry ${i}`;
    const t0 = performance.now();
    await sim.control.updateRecord(orgId, 'Account', id, { Industry: industry });
    const sent = await sim.control.sendOutboundMessage({ orgId, url: setup.outbound_message_url, sObjectType: 'Account', recordIds: [id], fields: ['Name', 'Industry'] });
    const forwarded = waitUntil('the forward', () => receiver.received.some((r) => r.body.includes(sent.notificationIds[0]!)) && performance.now(), { every: 2 });
    const recorded = waitUntil('the record', async () => {
      const res = await t.api(`/records?model=SalesforceAccount&ids=${id}`, { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
      const recs = ((await res.json()) as { records: { industry: string }[] }).records;
      return recs[0]?.industry === industry && performance.now();
    }, { every: 5 });
    toForward.push((await forwarded) - t0);
    toRecord.push((await recorded) - t0);
  }

  console.log(`\nwebhooks benchmark (one PostgreSQL; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  console.log(`  ack, one sender  p50 ${ms(pct(single, 50))}, p99 ${ms(pct(single, 99))} (${SEQUENTIAL} Outbound Messages of ${PER_MESSAGE} notifications, one at a time)`);
  console.log(`  ack, ${CONCURRENCY} senders   p50 ${ms(pct(latencies, 50))}, p99 ${ms(pct(latencies, 99))} (${latencies.length} Outbound Messages of ${PER_MESSAGE} notifications, ${CONCURRENCY} at a time)`);
  console.log(`  throughput       ${rate.toLocaleString()} notifications/s (${notifications} in ${(elapsed / 1000).toFixed(1)} s)`);
  console.log(`  bare insert      one at a time p50 ${ms(pct(bareSingle, 50))}, p99 ${ms(pct(bareSingle, 99))}; ${CONCURRENCY} at a time ${bareRate.toLocaleString()} rows/s (the same rows, ${PER_MESSAGE} per statement): intake at ${((rate / bareRate) * 100).toFixed(0)} % of it`);
  console.log(`  change → record  p50 ${ms(pct(toRecord, 50))}, max ${ms(Math.max(...toRecord))} (${CHANGES} changes: simulator update, Outbound Message, onWebhook, GET /records)`);
  console.log(`  change → forward p50 ${ms(pct(toForward, 50))}, max ${ms(Math.max(...toForward))}`);
} finally {
  await t.close();
  await receiver.close();
  await sim.close();
  await pgServer.stop();
}
