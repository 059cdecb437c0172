// Requests answered from Node's `request` event, ahead of Fastify's router (issue 15 point 1). A proxied call's
// floor is a bare Node proxy; Fastify's per-request work on the way — routing, its request and reply objects,
// the hook chain, @fastify/cors spreading its options and building `routeOptions` twice per request — was about
// a tenth of terapi's CPU per proxied request (docs/performance.md). Only the proxy is a front route.
//
// A front route is declared and registered with Fastify like any other (route-contract.ts: /openapi.json, the
// route table's tests, the handler Fastify calls if the door passes a request on); the door takes its requests
// first and applies the rules build-http-app.ts applies to every request: 503 until the process is ready and
// once it closes, the declared authentication (authenticate-before-body.ts's checks, the same functions), the
// CORS headers @fastify/cors puts on an answer (cors-policy.ts), and any error answered with the one error body
// (asTerapiError, errorBody), a 5xx logged with the request's id. An OPTIONS request (a CORS preflight, which
// @fastify/cors answers) and every path the door does not hold go to Fastify.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { TerapiError } from '../errors/terapi-error.js';
import { errorBody } from '../errors/error-body.js';
import { asTerapiError } from './as-terapi-error.js';
import { checkFor } from './authenticate-before-body.js';
import { CORS_RESPONSE_HEADERS } from './cors-policy.js';
import type { RouteContract } from './route-contract.js';
import type { Caller, RequestAuthDeps } from './request-auth.js';

export interface FrontRoute {
  /** The route's declaration; its url is a prefix and its wildcard (`/proxy`, `/proxy/*`): the door takes `/proxy`, `/proxy/…` and `/proxy?…`. */
  contract: RouteContract;
  /** Answers an authenticated request; `headers` go on the answer (CORS). A rejection is answered as an error unless the answer has begun. */
  handle(req: IncomingMessage, res: ServerResponse, caller: Caller, headers: OutgoingHttpHeaders): Promise<void>;
}

type Held = { prefix: string; route: FrontRoute; check: NonNullable<ReturnType<typeof checkFor>> };

export class FrontDoor {
  readonly #routes: Held[] = [];
  #closing = false;

  /** `auth`: what the checks read (keys and sessions), as authenticate-before-body.ts is given. */
  constructor(private readonly opts: { logger: Logger; isReady(): boolean; auth: RequestAuthDeps }) {}

  /**
   * Holds a declared route's requests (its url without the trailing `/*`). It must declare a scheme whose verdict
   * is a caller: not public, not only the dashboard's session (whose verdict is the session, not a Caller).
   */
  add(route: FrontRoute): void {
    const check = checkFor(route.contract.auth);
    if (!check || route.contract.auth.every((scheme) => scheme === 'dashboardSession')) throw new Error(`front route ${route.contract.url} must declare a scheme that names a caller`);
    this.#routes.push({ prefix: route.contract.url.replace(/\/\*$/, ''), route, check });
  }

  /** From now on, requests the door holds are answered 503 (Fastify's close does the same for its routes). */
  close(): void {
    this.#closing = true;
  }

  /** Takes the request (true) or leaves it to Fastify (false). */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.#routes.length === 0 || req.method === 'OPTIONS') return false;
    const held = this.#holding(req.url ?? '');
    if (!held) return false;
    try {
      if (this.#closing || !this.opts.isReady()) throw new TerapiError('not_ready');
      // What the checks read of a request, and where a dashboard session is kept (as on Fastify's request).
      const authReq = { method: req.method ?? 'GET', headers: req.headers, terapiDashboardSession: null };
      const verdict = held.check(authReq as Parameters<typeof held.check>[0], this.opts.auth);
      if (verdict instanceof Promise) {
        verdict.then(
          (caller) => this.#handle(held, req, res, caller!),
          (err: unknown) => this.#fail(req, res, err),
        );
      } else {
        this.#handle(held, req, res, verdict!);
      }
    } catch (err) {
      this.#fail(req, res, err);
    }
    return true;
  }

  #holding(url: string): Held | undefined {
    for (const h of this.#routes) {
      if (!url.startsWith(h.prefix)) continue;
      const next = url.charCodeAt(h.prefix.length);
      // end of the URL, `/` or `?`
      if (Number.isNaN(next) || next === 47 || next === 63) return h;
    }
    return undefined;
  }

  #handle(held: Held, req: IncomingMessage, res: ServerResponse, caller: Caller): void {
    held.route.handle(req, res, caller, { ...CORS_RESPONSE_HEADERS }).catch((err: unknown) => this.#fail(req, res, err));
  }

  /** The error answer build-http-app.ts's error handler gives, with the same logging. */
  #fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const id = randomUUID();
    const e = asTerapiError(err, { id, headers: req.headers });
    if (e.status >= 500) this.opts.logger.error({ reqId: id, err, detail: e.detail }, e.message);
    else if (e.detail !== undefined) this.opts.logger.info({ reqId: id, code: e.code, detail: e.detail }, e.message);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify(errorBody(e));
    const headers: OutgoingHttpHeaders = { ...CORS_RESPONSE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) };
    // Answered before the body was read: the client may still be sending it, so the connection closes.
    if (!req.complete) headers.connection = 'close';
    res.writeHead(e.status, headers).end(body);
  }
}
