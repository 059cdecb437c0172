// For the browser tests: a loopback HTTP server that plays the app's own site (another origin than terapi),
// serving given pages and the built @terapi/frontend from dist/. Not part of the package (excluded from dist).
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FRONTEND_DIST = new URL('../../dist/', import.meta.url).pathname;

export interface PageServer {
  /** e.g. http://localhost:41234 */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/**
 * `pages` maps a path to HTML; `/dist/<file>.js` serves the built SDK. `hostname` is the name the browser
 * uses (`localhost` makes the page cross-site to terapi on 127.0.0.1).
 */
export async function startPageServer(pages: Record<string, string>, hostname = 'localhost'): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const page = pages[path];
    if (page !== undefined) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    const m = /^\/dist\/([a-z-]+\.js)$/.exec(path);
    if (!m) return void res.writeHead(404).end('not found');
    readFile(join(FRONTEND_DIST, m[1]!)).then(
      (body) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body),
      () => res.writeHead(404).end('not built: run npx tsc -b'),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return { origin: `http://${hostname}:${port}`, port, close: () => new Promise((r) => server.close(() => r())) };
}

export const HOST_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The app</title></head><body><main><h1>The app</h1></main></body></html>';
