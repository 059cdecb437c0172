// GET /providers and GET /providers/:provider (nango-api.md §4).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { declareRoute, SECRET_OR_SESSION } from '../../http/route-contract.js';
import type { ProviderCatalog } from '../provider-catalog.js';
import type { TerapiConfig } from '../../config/config.js';
import type { Provider } from '../provider-catalog.js';

export interface ProviderRouteDeps {
  catalog: ProviderCatalog;
  config: TerapiConfig;
}

export function toApiProvider(p: Provider, serverUrl: string): Record<string, unknown> {
  const { hooks: _hooks, jwt_bearer: _jwt, token_exchange: _exchange, ...template } = p;
  return { ...template, logo_url: `${serverUrl}/images/template-logos/${p.name}.svg` };
}

const listQuery = z.object({ search: z.string().regex(/^[a-zA-Z0-9~:.@ _-]+$/).max(255).optional() }).strict();
const providerParams = z.object({ provider: z.string().regex(/^[a-zA-Z0-9_-]+$/) });

export function registerProviderRoutes(app: FastifyInstance, s: ProviderRouteDeps): void {
  declareRoute(app, { method: 'GET', url: '/providers', auth: SECRET_OR_SESSION, summary: 'List the provider catalog', tag: 'Providers', query: listQuery }, async (_req, _reply, { query: q }) => {
    const re = q.search ? new RegExp(q.search.replace(/[.]/g, '\\.'), 'i') : undefined;
    const providers = s.catalog.list().filter((p) => !re || re.test(p.name) || re.test(p.display_name));
    return { data: providers.map((p) => toApiProvider(p, s.config.serverUrl)) };
  });

  declareRoute(app, { method: 'GET', url: '/providers/:provider', auth: SECRET_OR_SESSION, summary: 'Get one provider of the catalog', tag: 'Providers', params: providerParams, query: z.object({}).strict() }, async (_req, _reply, { params: { provider } }) => {
    const p = s.catalog.get(provider);
    if (!p) throw new TerapiError('not_found.provider', { provider });
    return { data: toApiProvider(p, s.config.serverUrl) };
  });
}
