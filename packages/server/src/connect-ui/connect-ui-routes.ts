// GET /connect/ serves the Connect UI (issue 11): the page the connect_link of POST /connect/sessions opens,
// and the iframe of @nangohq/frontend's openConnectUI (nango-api.md §3.7). index.html is revalidated on every
// load so a new build is picked up at once; its assets have content-hashed names, so they are cached for a
// year (RFC 9111 §5.2.2.1, RFC 8246 immutable).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { declareRoute, PUBLIC } from '../http/route-contract.js';
import { TerapiError } from '../errors/terapi-error.js';
import { readUiIndex, sendUiAsset, sendUiIndex } from '../http/ui-files.js';
import { connectUiDistDir } from './connect-ui-assets.js';

// The page calls the API given as apiURL (any origin) over HTTP and WebSocket, and may be framed by any app.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' http: https: data:; connect-src 'self' http: https: ws: wss:; frame-ancestors *; base-uri 'none'; form-action 'none'";

export function registerConnectUiRoutes(app: FastifyInstance, distDir: string | undefined = connectUiDistDir()): void {
  declareRoute(app, { method: 'GET', url: '/connect/', auth: PUBLIC, summary: 'The Connect UI (the connect_link opens it; openConnectUI frames it)', tag: 'Connect sessions', produces: 'text/html' }, async (_req, reply) => {
    const html = await readUiIndex(distDir);
    if (html === undefined) throw new TerapiError('not_found.connect_ui_not_built');
    // the URL carries the session token: never send it on as a Referer
    return sendUiIndex(reply, html, { 'referrer-policy': 'no-referrer', 'content-security-policy': CSP });
  });

  declareRoute(app, { method: 'GET', url: '/connect/assets/:file', auth: PUBLIC, summary: 'Connect UI assets (content-hashed, cached for a year)', tag: 'Connect sessions', produces: 'any', params: z.object({ file: z.string() }) }, async (_req, reply, { params: { file } }) => {
    if (!(await sendUiAsset(reply, distDir, file))) throw new TerapiError('not_found.connect_ui_asset', { file });
    return reply;
  });
}
