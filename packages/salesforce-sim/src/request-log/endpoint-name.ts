import type { FastifyRequest } from 'fastify';

interface EndpointTag {
  endpoint: string;
  grantType?: string;
}

const tags = new WeakMap<FastifyRequest, EndpointTag>();

/**
 * Names the endpoint a request hit in the request log (e.g. `rest.query`) from inside a handler. A route can instead
 * declare `config: { endpoint: 'rest.query' }`, which also names requests a fault answered before the handler ran;
 * routes doing neither are named from their route pattern.
 */
export function nameEndpoint(request: FastifyRequest, endpoint: string, grantType?: string): void {
  tags.set(request, { endpoint, ...(grantType !== undefined ? { grantType } : {}) });
}

export function endpointTag(request: FastifyRequest): EndpointTag {
  const tag = tags.get(request);
  if (tag) return tag;
  const configured = (request.routeOptions.config as { endpoint?: unknown } | undefined)?.endpoint;
  if (typeof configured === 'string') return { endpoint: configured };
  const route = request.routeOptions.url;
  if (route === undefined) return { endpoint: 'unmatched' };
  const rest = /^\/services\/data\/?(.*)$/.exec(route);
  if (rest) {
    const parts = (rest[1] ?? '').split('/').filter((p) => p !== '' && !p.startsWith(':') && p !== '*');
    return { endpoint: parts.length === 0 ? 'rest.versions' : `rest.${parts.join('.')}` };
  }
  return { endpoint: `${request.method} ${route}` };
}
