// GET /images/template-logos/:provider.svg: the logo_url of GET /providers (nango-api.md §4.1) and the `logo`
// of an integration (§5). Public, as Nango's are: the Connect UI shows them in an <img>. The name is a key of
// the logos read at start-up, never a path. Not content-addressed, so cached for a day and revalidated by ETag
// (RFC 9111 §5.2.2.1, RFC 9110 §13.1.2) rather than marked immutable.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { declareRoute, PUBLIC } from '../../http/route-contract.js';
import type { ProviderLogos } from '../provider-logos.js';

export interface ProviderLogoRouteDeps {
  providerLogos: ProviderLogos;
}

const LOGO_FILE = /^([a-zA-Z0-9_-]+)\.svg$/;
// Opened on its own, an SVG is a document: it may run nothing and load nothing.
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

export function registerProviderLogoRoutes(app: FastifyInstance, s: ProviderLogoRouteDeps): void {
  declareRoute(app, { method: 'GET', url: '/images/template-logos/:file', auth: PUBLIC, summary: "A provider's logo (SVG)", tag: 'Providers', produces: 'any', params: z.object({ file: z.string() }) }, async (req, reply, { params: { file } }) => {
    const name = LOGO_FILE.exec(file)?.[1];
    const logo = name === undefined ? undefined : s.providerLogos.get(name);
    if (!logo) throw new TerapiError('not_found.provider_logo', { file: file.slice(0, 100) });
    reply
      .header('cache-control', 'public, max-age=86400, stale-while-revalidate=604800')
      .header('etag', logo.etag)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', SVG_CSP);
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === logo.etag)) return reply.status(304).send();
    return reply.header('content-type', 'image/svg+xml').send(logo.svg);
  });
}
