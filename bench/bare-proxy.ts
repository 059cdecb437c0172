// The floor of the proxy benchmarks: the smallest proxy Node can be — node:http in, one undici Pool out,
// the token and Host fixed, nothing looked up, nothing logged. Shared by bench/proxy.bench.ts (its own
// process) and bench/profiling/profile-proxy.ts (the profiled main thread).
import { createServer, type Server } from 'node:http';
import { Pool } from 'undici';

export function bareProxy(upstreamOrigin: string, host: string, token: string): { server: Server; close(): Promise<void> } {
  const upstream = new Pool(upstreamOrigin, { connections: 64 });
  const server = createServer((req, res) => {
    upstream.request({ method: 'GET', path: req.url!.slice('/proxy'.length), headers: { host, authorization: `Bearer ${token}` } }).then(
      (up) => {
        const length = up.headers['content-length'];
        res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? 'application/json'), ...(length ? { 'content-length': String(length) } : {}) });
        up.body.pipe(res);
      },
      (err: Error) => {
        res.writeHead(502).end(err.message);
      },
    );
  });
  return {
    server,
    close: () => new Promise<void>((resolve) => server.close(() => void upstream.close().then(() => resolve()))),
  };
}
