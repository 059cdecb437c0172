// The dashboard's pages (issue 12): `/` and every `/dashboard/…` page a browser asks for (Accept: text/html)
// answer the SPA's index.html, revalidated on every load; its content-hashed assets are cached for a year
// (RFC 9111 §5.2.2.1, RFC 8246 immutable), as the Connect UI's are. Nothing comes from a CDN. Any other
// request under /dashboard/ (an API client, a missing asset) gets the ordinary 404 envelope, never HTML.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { declareRoute, PUBLIC } from '../../http/route-contract.js';
import { TerapiError } from '../../errors/terapi-error.js';
import { readUiIndex, sendUiAsset, sendUiIndex } from '../../http/ui-files.js';

// Same-origin only: the dashboard calls this server's API and is never framed.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Serves index.html (or the not-built error); `/` uses it too (oauth/oauth-websocket.ts shares that path). */
export function dashboardIndex(distDir: string | undefined) {
  return async (_req: FastifyRequest, reply: FastifyReply) => {
    const html = await readUiIndex(distDir);
    if (html === undefined) throw new TerapiError('not_found.dashboard_not_built');
    // a sign-in link's #token never leaves the page, and no page sends its URL on
    return sendUiIndex(reply, html, { 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY', 'content-security-policy': CSP });
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
    if (!(await sendUiAsset(reply, distDir, file))) throw new TerapiError('not_found.dashboard_asset', { file });
    return reply;
  });
}
