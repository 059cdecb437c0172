// npm run bench -- connections [seconds]
// GET /connections/:id latency for a fresh Salesforce token, at concurrency 1 and 16, side by side with a
// direct POST /services/oauth2/introspect to the simulator — what Nango pays on every credential read
// (spec/salesforce.md §2.1, S5) — and how many introspections the simulator saw during terapi's run
// (terapi learns a token's expiry once: the aim is 0 or 1), and the same read followed by an introspection
// on every call (Nango's model). The floor, in the same run: a bare Fastify route on the same PostgreSQL that
// reads the same row by primary key and decrypts its credentials with the same SecretBox (issue 15 point 2);
// terapi's throughput is printed as a ratio of it. Prints figures; asserts nothing.
// PostgreSQL: DATABASE_URL when set (a fresh database is created in it), otherwise an embedded one in a temp dir.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { pino } from 'pino';
import Fastify from 'fastify';
import pg from 'pg';
import { SecretBox } from '../packages/server/src/crypto/secret-box.js';
import { startSalesforceSim } from '@terapi/salesforce-sim';
import { loadConfig, startTerapi } from './built-server.js';
import { freePort } from '../packages/server/src/network/free-port.js';
import { benchPostgres } from './bench-postgres.js';
import { connectSalesforce } from '../packages/server/src/providers/salesforce/testing/connect-salesforce.js';

const SECONDS = Number(process.argv[2] ?? 5);
const CONCURRENCY = [1, 16, 32];


interface Figures {
  p50: number;
  p99: number;
  rps: number;
  n: number;
  errors: number;
}

async function measure(concurrency: number, call: () => Promise<number>): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await call();
        latencies.push(performance.now() - t0);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / elapsed, n: latencies.length, errors };
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

async function main(): Promise<void> {
  const db = await benchPostgres();
  const sim = await startSalesforceSim();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const key = randomBytes(32);
  const config = loadConfig({ TERAPI_PORT: String(port), TERAPI_SERVER_URL: url, DATABASE_URL: db.url, TERAPI_ENCRYPTION_KEY: key.toString('base64'), TERAPI_UPSTREAM_MAP: sim.upstreamMap });
  const terapi = await startTerapi(config, { logger: pino({ level: 'silent' }), host: '127.0.0.1' });
  const agent = new Agent({ connections: 64 });
  // The floor: one PK read and one decryption behind a bare Fastify route, on a pool as large as terapi's.
  const floorPool = new pg.Pool({ connectionString: db.url, max: 20 });
  const floorBox = new SecretBox(key);
  const floor = Fastify();
  floor.get<{ Params: { id: string } }>('/connections/:id', async (req, reply) => {
    const { rows } = await floorPool.query<{ credentials_enc: string }>('select * from connections where id = $1', [Number(req.params.id)]);
    if (!rows[0]) return reply.status(404).send({});
    return { ...rows[0], credentials_enc: undefined, credentials: floorBox.decryptJson(rows[0].credentials_enc) };
  });
  const floorUrl = await floor.listen({ port: 0, host: '127.0.0.1' });
  try {
    const orgApp = sim.summary().orgs.find((o) => !o.sandbox)!.apps[0]!;
    sim.sim.updateApp(orgApp.clientId, { callbackUrls: [`${url}/oauth/callback`] });
    const api = (path: string, init: RequestInit & { json?: unknown } = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${terapi.devSecretKey}`);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
    };
    const { connectionId } = await connectSalesforce({ url, api, services: terapi.services } as never, sim);
    await sim.control.resetRequestLog();
    // The first read learns the token's expiry (one introspection); every later read asks Salesforce nothing.
    const tokens = (await (await api(`/connections/${connectionId}?provider_config_key=salesforce`)).json()) as { id: number; credentials: { access_token: string } };
    let introspections = (await sim.control.requestLog()).counts['oauth2.introspect'] ?? 0;

    const readConnection = async () => {
      const res = await request(`${url}/connections/${connectionId}?provider_config_key=salesforce`, { headers: { authorization: `Bearer ${terapi.devSecretKey}` }, dispatcher: agent });
      await res.body.dump();
      return res.statusCode;
    };
    const rowId = tokens.id;
    const readFloor = async () => {
      const res = await request(`${floorUrl}/connections/${rowId}`, { dispatcher: agent });
      await res.body.dump();
      return res.statusCode;
    };
    const introspect = new URLSearchParams({ token: tokens.credentials.access_token, token_type_hint: 'access_token', client_id: orgApp.clientId, client_secret: orgApp.clientSecret }).toString();
    const introspectDirect = async () => {
      const res = await request(`${sim.origin}/services/oauth2/introspect`, {
        method: 'POST',
        headers: { host: 'acme.my.salesforce.com', 'content-type': 'application/x-www-form-urlencoded' },
        body: introspect,
        dispatcher: agent,
      });
      await res.body.dump();
      return res.statusCode;
    };

    console.log(`connections benchmark: ${SECONDS} s per run, fresh Salesforce token, node ${process.version}`);
    const rows: string[] = [];
    for (const c of CONCURRENCY) {
      await measure(1, readConnection); // not measured: nothing; warms the route at this concurrency
      const before = (await sim.control.requestLog()).counts['oauth2.introspect'] ?? 0;
      const terapiFig = await measure(c, readConnection);
      introspections += ((await sim.control.requestLog()).counts['oauth2.introspect'] ?? 0) - before;
      await measure(1, readFloor);
      const floorFig = await measure(c, readFloor);
      const simFig = await measure(c, introspectDirect);
      // Nango's model: the same read path plus one introspection round trip on every read.
      const perReadFig = await measure(c, async () => (await readConnection()) === 200 ? introspectDirect() : 500);
      rows.push(
        `concurrency ${String(c).padStart(2)} | terapi GET /connections/:id p50 ${ms(terapiFig.p50)} p99 ${ms(terapiFig.p99)} ${terapiFig.rps.toFixed(0)} req/s (${terapiFig.n} reads, ${terapiFig.errors} non-200)` +
          ` | floor (bare Fastify PK read + decrypt) p50 ${ms(floorFig.p50)} p99 ${ms(floorFig.p99)} ${floorFig.rps.toFixed(0)} req/s (${floorFig.errors} non-200)` +
          ` | throughput terapi/floor ${(terapiFig.rps / floorFig.rps).toFixed(2)}` +
          ` | direct introspect p50 ${ms(simFig.p50)} p99 ${ms(simFig.p99)} ${simFig.rps.toFixed(0)} req/s` +
          ` | p50 ratio terapi/introspect ${(terapiFig.p50 / simFig.p50).toFixed(2)}` +
          ` | read+introspect every time p50 ${ms(perReadFig.p50)} p99 ${ms(perReadFig.p99)} ${perReadFig.rps.toFixed(0)} req/s`,
      );
      console.log(rows[rows.length - 1]);
    }
    const all = (await sim.control.requestLog()).counts;
    console.log(`introspection calls the simulator saw from terapi (first read included): ${introspections}; Salesforce calls in total (all runs, incl. the direct introspections): ${JSON.stringify(all)}`);
    console.log('note: the direct introspection goes to an in-process simulator on loopback; a real Salesforce round trip adds tens to hundreds of ms to every Nango read, and terapi pays it once per token.');
  } finally {
    await agent.close();
    await floor.close();
    await floorPool.end();
    await terapi.stop();
    await sim.close();
    await db.stop();
  }
}

await main();
