// The floors of the proxy benchmarks: the smallest proxy Node can be — node:http in, one undici Pool out,
// the token and Host fixed, nothing looked up, nothing logged. Shared by bench/proxy.bench.ts (its own
// process) and bench/profiling/profile-proxy.ts (the profiled main thread).
// With `log`, the same proxy also writes one row per call into a copy of terapi's operations table (same
// columns and indexes, no foreign keys), 200 rows to a plain multi-row INSERT or one per second: the floor of
// a proxy that keeps an operation log in PostgreSQL on the same two cores.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type pg from 'pg';
import { Pool } from 'undici';

export interface BareOperationLog {
  pool: pg.Pool;
  /** A table made `like operations including all`. */
  table: string;
  environmentId: number;
  connectionId: number;
  providerConfigKey: string;
}

export function bareProxy(upstreamOrigin: string, host: string, token: string, log?: BareOperationLog): { server: Server; handler: (req: IncomingMessage, res: ServerResponse) => void; close(): Promise<void> } {
  const upstream = new Pool(upstreamOrigin, { connections: 64 });
  let rows: string[] = [];
  const flush = (): Promise<unknown> => {
    if (!log || rows.length === 0) return Promise.resolve();
    const batch = rows;
    rows = [];
    return log.pool
      .query(
        `insert into ${log.table} (environment_id, kind, connection_id, provider_config_key, status, message, detail, started_at, ended_at)
         select (e->>0)::int, e->>1, (e->>2)::int, e->>3, e->>4, e->>5, e->6, to_timestamp((e->>7)::float8 / 1000), to_timestamp((e->>8)::float8 / 1000)
         from jsonb_array_elements($1::jsonb) as e`,
        [`[${batch.join(',')}]`],
      )
      .catch((err: Error) => console.error(`bare proxy: operation rows lost: ${err.message}`));
  };
  const timer = log ? setInterval(() => void flush(), 1000) : undefined;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const path = req.url!.slice('/proxy'.length);
    upstream.request({ method: 'GET', path, headers: { host, authorization: `Bearer ${token}` } }).then(
      (up) => {
        const length = up.headers['content-length'];
        res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? 'application/json'), ...(length ? { 'content-length': String(length) } : {}) });
        if (log) {
          res.once('finish', () => {
            const q = path.indexOf('?');
            const p = q < 0 ? path : path.slice(0, q);
            const ended = Date.now();
            rows.push(JSON.stringify([log.environmentId, 'proxy', log.connectionId, log.providerConfigKey, 'success', `GET ${p}`, { method: 'GET', path: p, status: up.statusCode, duration_ms: ended - started }, started, ended]));
            if (rows.length >= 200) void flush();
          });
        }
        up.body.pipe(res);
      },
      (err: Error) => {
        res.writeHead(502).end(err.message);
      },
    );
  };
  const server = createServer(handler);
  return {
    server,
    handler,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          clearInterval(timer);
          void flush().then(() => upstream.close().then(() => resolve()));
        }),
      ),
  };
}
