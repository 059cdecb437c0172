// Every route the Fastify instance serves, as Fastify registered it: the source of /openapi.json's paths,
// so the description cannot list a route that does not exist or miss one that does.
import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  /** GET, POST, …, or ALL for a route that takes every method. */
  method: string;
  /** Fastify's path syntax: `/connections/:connectionId`, `/proxy/*`. */
  url: string;
}

/** Fastify's `all` shorthand registers this many methods or more. */
const ALL_METHODS_AT_LEAST = 7;

const tables = new WeakMap<FastifyInstance, RouteTable>();

/** The table watching this instance (tests compare it with the description). */
export function routeTableOf(app: FastifyInstance): RouteTable | undefined {
  return tables.get(app);
}

export class RouteTable {
  readonly #routes = new Map<string, RegisteredRoute>();

  /** Records every route registered from now on (call before the routes are registered). */
  watch(app: FastifyInstance): void {
    tables.set(app, this);
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      // HEAD routes are Fastify's automatic twins of GET routes (exposeHeadRoutes).
      const listed = methods.length >= ALL_METHODS_AT_LEAST ? ['ALL'] : methods.filter((m) => m !== 'HEAD');
      for (const method of listed) this.#routes.set(`${method} ${route.url}`, { method, url: route.url });
    });
  }

  list(): RegisteredRoute[] {
    return [...this.#routes.values()];
  }
}
