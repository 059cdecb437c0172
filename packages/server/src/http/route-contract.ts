// What a route declares about itself, once, beside its handler (issue 10 point 6; STYLE.md habit 3): method,
// path, how it authenticates, the schemas of its params, query, headers and body, what /openapi.json says of
// it, how large a body it takes. Enforcement (authenticate-before-body.ts for the scheme, route-input.ts for
// the schemas), the description (openapi/) and the missing- and wrong-key tests all read these declarations
// from the route table; none keeps a list of its own.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteHandlerMethod, RouteOptions } from 'fastify';
import { parseRouteInput, type RouteInput, type RouteInputSchemas } from './route-input.js';

/** nango-api.md §0.2: how a route authenticates its caller. */
export type AuthScheme = 'secretKey' | 'connectSessionToken' | 'connectSessionTokenQuery' | 'dashboardSession';

export const SECRET: readonly AuthScheme[] = ['secretKey'];
export const SECRET_OR_SESSION: readonly AuthScheme[] = ['secretKey', 'connectSessionToken'];
export const SESSION: readonly AuthScheme[] = ['connectSessionToken'];
export const SESSION_QUERY: readonly AuthScheme[] = ['connectSessionTokenQuery'];
export const PUBLIC: readonly AuthScheme[] = [];
/** The dashboard's own routes (its session, sign-out). Every `secretKey` route also takes a dashboard session (dashboard/dashboard-session-auth.ts). */
export const DASHBOARD_SESSION: readonly AuthScheme[] = ['dashboardSession'];

export interface RouteContract extends RouteInputSchemas {
  /** ALL takes every method (the proxy). */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ALL';
  /** Fastify's path syntax: `/connections/:connectionId`, `/proxy/*`. */
  url: string;
  /** Schemes that are accepted (any one); none means public. */
  auth: readonly AuthScheme[];
  summary: string;
  /** The API section it belongs to (the OpenAPI tag). */
  tag: string;
  /** What a success answers with when it is not JSON. */
  produces?: 'text/html' | 'text/plain' | 'text/event-stream' | 'any';
  /** The largest body the route takes, when more than the default (build-http-app.ts). */
  bodyLimit?: number;
  /**
   * The raw URL reaches the handler unchecked for %00 (the proxy and the OAuth callback check it themselves).
   * Without a `query` schema, `req.query` is then the query's text, unparsed (build-http-app.ts).
   */
  rawUrl?: boolean;
}

/** The route's declaration as Fastify keeps it, in the route's `config`. */
export function contractOf(routeConfig: unknown): RouteContract | undefined {
  return (routeConfig as { contract?: RouteContract } | undefined)?.contract;
}

/** Fastify route options that carry the declaration (for routes registered with `app.route` directly). */
export function contractOptions(contract: RouteContract): Pick<RouteOptions, 'config' | 'bodyLimit'> {
  return {
    config: { contract, ...(contract.rawUrl ? { rawUrl: true } : {}) },
    ...(contract.bodyLimit !== undefined ? { bodyLimit: contract.bodyLimit } : {}),
  };
}

/** A declared route's handler: the request as Fastify gives it, and its input parsed by the declared schemas. */
export type DeclaredHandler<C> = (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply, input: RouteInput<C>) => unknown;

/**
 * Registers a declared route. The handler runs after the declared authentication (onRequest) and after the
 * declared schemas accepted the request; `input` holds what they parsed.
 */
export function declareRoute<const C extends RouteContract>(app: FastifyInstance, contract: C, handler: DeclaredHandler<C>): void {
  // Not async: a handler's synchronous throw and its returned promise reach Fastify as they would unwrapped.
  const checked: RouteHandlerMethod = function (req, reply) {
    return handler.call(this, req, reply, parseRouteInput(contract, req)) as ReturnType<RouteHandlerMethod>;
  };
  if (contract.method === 'ALL') {
    app.all(contract.url, contractOptions(contract), checked);
    return;
  }
  app.route({ method: contract.method as HTTPMethods, url: contract.url, ...contractOptions(contract), handler: checked });
}
