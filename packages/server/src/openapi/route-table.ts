// Every route the Fastify instance serves, as Fastify registered it, with the route's own declaration
// (http/route-contract.ts): the source of /openapi.json's paths and of the tests that walk every route, so
// neither can list a route that does not exist or miss one that does.
import type { FastifyInstance } from 'fastify';
import { contractOf, type RouteContract } from '../http/route-contract.js';

export interface RegisteredRoute {
  /** GET, POST, …, or ALL for a route that takes every method. */
  method: string;
  /** Fastify's path syntax: `/connections/:connectionId`, `/proxy/*`. */
  url: string;
  /** What the route declares; undefined for routes terapi does not declare (CORS preflight). */
  contract: RouteContract | undefined;
}

/** Fastify's `all` shorthand registers this many methods or more. */
const ALL_METHODS_AT_LEAST = 7;

export class RouteTable {
  readonly #routes = new Map<string, RegisteredRoute>();

  /** Records every route registered from now on (call before the routes are registered). */
  watch(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      // HEAD routes are Fastify's automatic twins of GET routes (exposeHeadRoutes).
      const listed = methods.length >= ALL_METHODS_AT_LEAST ? ['ALL'] : methods.filter((m) => m !== 'HEAD');
      for (const method of listed) this.#routes.set(`${method} ${route.url}`, { method, url: route.url, contract: contractOf(route.config) });
    });
  }

  list(): RegisteredRoute[] {
    return [...this.#routes.values()];
  }
}
