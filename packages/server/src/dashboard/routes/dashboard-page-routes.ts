// The dashboard's pages (issue 12): `/` and every `/dashboard/…` page a browser asks for (Accept: text/html)
// answer the SPA's index.html, revalidated on every load; its content-hashed assets are cached for a year
// (RFC 9111 §5.2.2.1, RFC 8246 immutable), as the Connect UI's are. Nothing comes from a CDN. Any other
// request under /dashboard/ (an API client, a missing asset) gets the ordinary 404 envelope, never HTML.
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { declareRoute, PUBLIC } from '../../http/route-contract.js';
import { TerapiError } from '../../errors/terapi-error.js';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
// Vite's output names: name-hash.ext, nothing that could climb out of the folder.
const ASSET_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.[a-z0-9]+$/;
// Same-origin only: the dashboard calls this server's API and is never framed.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Serves index.html (or the not-built error); `/` uses it too (oauth/oauth-websocket.ts shares that path). */
export function dashboardIndex(distDir: string | undefined) {
  return async (_req: FastifyRequest, reply: FastifyReply) => {
    const html = distDir ? await readFile(join(distDir, 'index.html'), 'utf8').catch(() => undefined) : undefined;
    if (html === undefined) throw new TerapiError('not_found.dashboard_not_built');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      // a sign-in link's #token never leaves the page, and no page sends its URL on
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('content-security-policy', CSP)
      .send(html);
  };
}

function wantsHtml(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

export function registerDashboardPageRoutes(app: FastifyInstance, distDir: string | undefined): void {
  const index = dashboardIndex(distDir);
  declareRoute(app, { method: 'GET', url: '/dashboard/*', auth: PUBLIC, summary: 'A dashboard page (the SPA; browsers only: Accept text/html)', tag: 'Dashboard', produces: 'text/html' }, async (req, reply) => {
    if (!wantsHtml(req) || req.url.startsWith('/dashboard/api/')) {
      throw new TerapiError('route_not_found.route', { method: req.method, path: req.url.split('?')[0] ?? '' });
    }
    return index(req, reply);
  });

  declareRoute(app, { method: 'GET', url: '/dashboard/assets/:file', auth: PUBLIC, summary: 'Dashboard assets (content-hashed, cached for a year)', tag: 'Dashboard', produces: 'any', params: z.object({ file: z.string() }) }, async (_req, reply, { params: { file } }) => {
    const type = CONTENT_TYPES[extname(file)];
    const body = distDir && type && ASSET_NAME.test(file) ? await readFile(join(distDir, 'assets', file)).catch(() => undefined) : undefined;
    if (body === undefined) throw new TerapiError('not_found.dashboard_asset', { file });
    return reply.header('content-type', type).header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').send(body);
  });
}
