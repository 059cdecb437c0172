// GET /connect/ serves the Connect UI (issue 11): the page the connect_link of POST /connect/sessions opens,
// and the iframe of @nangohq/frontend's openConnectUI (nango-api.md §3.7). index.html is revalidated on every
// load so a new build is picked up at once; its assets have content-hashed names, so they are cached for a
// year (RFC 9111 §5.2.2.1, RFC 8246 immutable).
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { declareRoute, PUBLIC } from '../http/route-contract.js';
import { TerapiError } from '../errors/terapi-error.js';
import { connectUiDistDir } from './connect-ui-assets.js';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
// Vite's output names: name-hash.ext, nothing that could climb out of the folder.
const ASSET_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.[a-z0-9]+$/;
// The page calls the API given as apiURL (any origin) over HTTP and WebSocket, and may be framed by any app.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' http: https: data:; connect-src 'self' http: https: ws: wss:; frame-ancestors *; base-uri 'none'; form-action 'none'";

export function registerConnectUiRoutes(app: FastifyInstance, distDir: string | undefined = connectUiDistDir()): void {
  declareRoute(app, { method: 'GET', url: '/connect/', auth: PUBLIC, summary: 'The Connect UI (the connect_link opens it; openConnectUI frames it)', tag: 'Connect sessions', produces: 'text/html' }, async (_req, reply) => {
    const html = distDir ? await readFile(join(distDir, 'index.html'), 'utf8').catch(() => undefined) : undefined;
    if (html === undefined) throw new TerapiError('not_found.connect_ui_not_built');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      // the URL carries the session token: never send it on as a Referer
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', CSP)
      .send(html);
  });

  declareRoute(app, { method: 'GET', url: '/connect/assets/:file', auth: PUBLIC, summary: 'Connect UI assets (content-hashed, cached for a year)', tag: 'Connect sessions', produces: 'any', params: z.object({ file: z.string() }) }, async (_req, reply, { params: { file } }) => {
    const type = CONTENT_TYPES[extname(file)];
    const body = distDir && type && ASSET_NAME.test(file) ? await readFile(join(distDir, 'assets', file)).catch(() => undefined) : undefined;
    if (body === undefined) throw new TerapiError('not_found.connect_ui_asset', { file });
    return reply.header('content-type', type).header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').send(body);
  });
}
