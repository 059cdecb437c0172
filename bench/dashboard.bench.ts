// npm run bench -- dashboard [iterations]
// The dashboard's API calls at scale (issue 12 point 8): seeds 10,000 connections, 1,000,000 operation-log
// rows and 100,000 webhook deliveries (generate_series, in SQL), then measures p50/p95 of each page's call
// over HTTP with the secret key, next to its floor — a bare `SELECT … LIMIT 50` on the same table, straight
// to PostgreSQL, in the same run. Aim: p95 under 100 ms for every call. Prints figures; asserts nothing.
// PostgreSQL: DATABASE_URL when set (a fresh database is created in it), otherwise an embedded one in a temp dir.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { pino } from 'pino';
import pg from 'pg';
import { loadConfig, startTerapi } from './built-server.js';
import { freePort } from '../packages/server/src/network/free-port.js';
import { benchPostgres } from './bench-postgres.js';

const ITERATIONS = Number(process.argv[2] ?? 200);
const CONNECTIONS = 10_000;
const OPERATIONS = 1_000_000;
const DELIVERIES = 100_000;

interface Figures {
  p50: number;
  p95: number;
}

async function measure(call: (i: number) => Promise<void>): Promise<Figures> {
  for (let i = 0; i < 5; i++) await call(i); // warm-up: plans and caches
  const latencies: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await call(i);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

async function seed(db: pg.Client, envId: number, integrationIds: number[], credentialsEnc: string): Promise<void> {
  const t0 = performance.now();
  // Connections: two integrations; one in 20 needs re-authorization, one in 10 has an expired token.
  await db.query(
    `insert into connections (environment_id, integration_id, connection_id, credentials_enc, token_expires_at, end_user, tags, auth_status, created_at)
     select $1, ($2::int[])[1 + g % 2], 'conn-' || lpad(g::text, 5, '0'), $3,
            case when g % 10 = 0 then now() - interval '1 hour' else now() + interval '1 hour' end,
            jsonb_build_object('id', 'user-' || (g % 2000), 'email', 'user' || (g % 2000) || '@example.com', 'display_name', 'User ' || g),
            jsonb_build_object('plan', case when g % 3 = 0 then 'enterprise' else 'team' end),
            case when g % 20 = 0 then 'needs_reauth' else 'ok' end,
            now() - (g * interval '1 minute')
       from generate_series(1, $4::int) g`,
    [envId, integrationIds, credentialsEnc, CONNECTIONS],
  );
  const { rows: conns } = await db.query<{ min: number; max: number }>('select min(id) as min, max(id) as max from connections');
  const { min } = conns[0]!;
  // Operations over 30 days: seven kinds, one in 20 failed, each about one of the connections.
  await db.query(
    `insert into operations (environment_id, kind, connection_id, provider_config_key, status, message, detail, started_at, ended_at)
     select $1, (array['proxy','proxy','proxy','connect','refresh','sync','action','webhook_delivery','webhook_incoming'])[1 + g % 9],
            $2::int + ((g::bigint * 7919) % $3::int)::int, case when g % 2 = 0 then 'sf' else 'sf-sandbox' end,
            case when g % 20 = 0 then 'failed' else 'success' end,
            'GET /services/data/v60.0/sobjects/Account/' || g,
            jsonb_build_object('method', 'GET', 'status', 200, 'duration_ms', g % 500, 'retries', 0),
            now() - ((($4::int - g)::float8 / $4::int) * interval '30 days'),
            now() - ((($4::int - g)::float8 / $4::int) * interval '30 days') + interval '120 milliseconds'
       from generate_series(1, $4::int) g`,
    [envId, min, CONNECTIONS, OPERATIONS],
  );
  await db.query(
    `insert into webhook_deliveries (environment_id, url, event_type, body, status, attempts, last_status, connection_id, created_at)
     select $1, 'https://app.example.com/webhooks', 'sync', '{"type":"sync","connectionId":"conn"}',
            case when g % 25 = 0 then 'failed' else 'delivered' end, 1 + (g % 25 = 0)::int * 11, case when g % 25 = 0 then 503 else 200 end,
            $2::int + ((g::bigint * 31) % $3::int)::int, now() - ((($4::int - g)::float8 / $4::int) * interval '30 days')
       from generate_series(1, $4::int) g`,
    [envId, min, CONNECTIONS, DELIVERIES],
  );
  await db.query(
    `insert into webhook_delivery_attempts (delivery_id, attempt, status, response_body, duration_ms, started_at)
     select id, 1, last_status, 'ok', 40, created_at from webhook_deliveries`,
  );
  await db.query('analyze');
  console.log(`seeded ${CONNECTIONS} connections, ${OPERATIONS} operations, ${DELIVERIES} deliveries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const pgServer = await benchPostgres();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ TERAPI_PORT: String(port), TERAPI_SERVER_URL: url, DATABASE_URL: pgServer.url, TERAPI_ENCRYPTION_KEY: randomBytes(32).toString('base64'), TERAPI_ROLE: 'api' });
  const terapi = await startTerapi(config, { logger: pino({ level: 'silent' }), host: '127.0.0.1' });
  const db = new pg.Client({ connectionString: pgServer.url });
  await db.connect();
  const agent = new Agent({ connections: 4 });
  try {
    const auth = { authorization: `Bearer ${terapi.devSecretKey}` };
    for (const [provider, key] of [['salesforce', 'sf'], ['salesforce-sandbox', 'sf-sandbox']]) {
      const res = await fetch(`${url}/integrations`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ provider, unique_key: key, credentials: { type: 'OAUTH2', client_id: 'id', client_secret: 'secret', scopes: 'api,refresh_token' } }),
      });
      if (res.status !== 200) throw new Error(`integration: ${res.status} ${await res.text()}`);
    }
    const env = (await terapi.services.environments.findByName('dev'))!;
    const { rows: integ } = await db.query<{ id: number }>('select id from integrations order by id');
    await seed(db, env.id, integ.map((r) => r.id), terapi.services.box.encryptJson({ type: 'OAUTH2', access_token: 'seeded', raw: {} }));

    const get = async (path: string): Promise<unknown> => {
      const res = await request(`${url}${path}`, { headers: auth, dispatcher: agent });
      const body = await res.body.json();
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${JSON.stringify(body)}`);
      return body;
    };
    const first = (await get('/logs/operations?limit=50')) as { operations: { id: string }[]; next_cursor: string };
    // Cursors of pages 2..21, to walk deeper than the first page.
    const cursors: string[] = [];
    let cursor = first.next_cursor;
    for (let i = 0; i < 20; i++) {
      cursors.push(cursor);
      cursor = ((await get(`/logs/operations?limit=50&cursor=${cursor}`)) as { next_cursor: string }).next_cursor;
    }
    const { rows: ids } = await db.query<{ id: string }>('select id::text from operations order by random() limit 100');
    const connId = (i: number) => `conn-${String(1 + ((i * 37) % CONNECTIONS)).padStart(5, '0')}`;
    const connCursor = ((await get('/connections?limit=50')) as { next_cursor: string }).next_cursor;

    const floor = (sql: string) => measure(async () => void (await db.query(sql, [env.id])));
    const rows: Array<[string, Figures, Figures]> = [];
    const opsFloor = await floor('select * from operations where environment_id = $1 limit 50');
    const connFloor = await floor('select * from connections where environment_id = $1 limit 50');
    const delFloor = await floor('select * from webhook_deliveries where environment_id = $1 limit 50');
    const calls: Array<[string, (i: number) => string, Figures]> = [
      ['logs: first page', () => '/logs/operations?limit=50', opsFloor],
      ['logs: by connection', (i) => `/logs/operations?limit=50&connection=${connId(i)}`, opsFloor],
      ['logs: kind=sync', () => '/logs/operations?limit=50&kind=sync', opsFloor],
      ['logs: status=failed', () => '/logs/operations?limit=50&status=failed', opsFloor],
      ['logs: integration + kind + status', () => '/logs/operations?limit=50&integration=sf&kind=refresh&status=failed', opsFloor],
      ['logs: last 24 h', () => `/logs/operations?limit=50&from=${new Date(Date.now() - 86_400_000).toISOString()}`, opsFloor],
      ['logs: next page by cursor (pages 2-21)', (i) => `/logs/operations?limit=50&cursor=${cursors[i % cursors.length]}`, opsFloor],
      ['logs: following (after)', () => `/logs/operations?limit=50&after=${first.next_cursor ? encodeFollowing(first.operations[0]!.id) : ''}`, opsFloor],
      ['logs: detail', (i) => `/logs/operations/${ids[i % ids.length]!.id}`, opsFloor],
      ['connections: first page', () => '/connections?limit=50', connFloor],
      ['connections: next page by cursor', () => `/connections?limit=50&cursor=${connCursor}`, connFloor],
      ['connections: status=refresh_failed', () => '/connections?limit=50&status=refresh_failed', connFloor],
      ['connections: integration + tag', () => '/connections?limit=50&integrationId=sf&tags[plan]=enterprise', connFloor],
      ['connections: search', (i) => `/connections?limit=50&search=user${i % 2000}@`, connFloor],
      ['deliveries: first page', () => '/webhooks/deliveries?limit=50', delFloor],
      ['deliveries: status=failed', () => '/webhooks/deliveries?limit=50&status=failed', delFloor],
      ['deliveries: by connection', (i) => `/webhooks/deliveries?limit=50&connection=${connId(i)}`, delFloor],
    ];
    for (const [name, path, floorFigures] of calls) rows.push([name, await measure((i) => get(path(i)).then(() => undefined)), floorFigures]);

    const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
    console.log(`\n${ITERATIONS} calls each, one at a time, over HTTP with the secret key; floor: bare SELECT … LIMIT 50 on the same table, no HTTP`);
    console.log(`${'call'.padEnd(42)}${'p50'.padStart(9)}${'p95'.padStart(9)}  ${'floor p50'.padStart(9)}${'floor p95'.padStart(10)}  p95 < 100 ms`);
    for (const [name, f, fl] of rows) console.log(`${name.padEnd(42)}${ms(f.p50)}${ms(f.p95)}  ${ms(fl.p50)}${ms(fl.p95).padStart(10)}  ${f.p95 < 100 ? 'yes' : 'NO'}`);
  } finally {
    await agent.close();
    await db.end();
    await terapi.stop();
    await pgServer.stop();
  }
}

function encodeFollowing(id: string): string {
  return Buffer.from(`id.${BigInt(id) - 100n}`, 'utf8').toString('base64url');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
