// The Fastify instance: qs query parsing (not for the proxy), JSON strictness (415 / invalid_json), CORS,
// one error handler that decides what leaves the process (STYLE.md habit 11), /health. Route modules are
// registered by the caller (server/terapi-server.ts).
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import cors from '@fastify/cors';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { TerapiError } from '../errors/terapi-error.js';
import { answerClientError } from './client-error-answer.js';
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_S } from './cors-policy.js';
import type { FrontDoor } from './front-door.js';
import { errorBody } from '../errors/error-body.js';
import { asTerapiError } from './as-terapi-error.js';
import { acceptsRawUrl, refuseNulInUrl, refuseUnstorableBody } from './unstorable-text.js';
import { refuseDeepJson } from './json-depth.js';
import { parseQueryString } from './query-string.js';
import { RequestLogger } from './request-logger.js';
import { RouteTable } from '../openapi/route-table.js';
import { contractOf, declareRoute, PUBLIC } from './route-contract.js';
import { registerOpenApiRoute } from '../openapi/routes/openapi-route.js';
import { terapiVersion } from '../server/terapi-version.js';

/**
 * The largest body a route takes unless it says otherwise (Fastify's per-route `bodyLimit`): every JSON
 * route takes small documents; routes that take more (function deploy, action input) set their own, and
 * the proxy reads no body here (it streams it upstream under its own limits).
 */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

// nango-api.md §0.4: under these prefixes a non-JSON Content-Type is refused.
const JSON_ONLY_PREFIXES = ['/oauth', '/api-auth', '/auth', '/providers', '/integrations', '/connection', '/environment', '/sync', '/records', '/action', '/connect', '/scripts'];

export interface HttpAppOptions {
  logger: Logger;
  isReady: () => boolean;
  /** Public base URL, for /openapi.json's `servers`. */
  serverUrl: string;
  /** Default DEFAULT_BODY_LIMIT. */
  bodyLimit?: number;
  /** Where the served routes are listed (the composition root keeps it for tests that walk every route). */
  routes?: RouteTable;
  /** Routes answered ahead of Fastify's router (front-door.ts); the server's requests reach it first. */
  front?: FrontDoor;
}

/**
 * Fastify's own HTTP/1 server (its server.js, with the options it was given), whose requests go to the front door
 * first (Fastify's documented `serverFactory`).
 */
function serverWithFrontDoor(front: FrontDoor) {
  return (fastifyHandler: (req: IncomingMessage, res: ServerResponse) => void, o: { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number; maxRequestsPerSocket?: number }): Server => {
    const server = createServer((req, res) => {
      if (!front.serve(req, res)) fastifyHandler(req, res);
    });
    server.keepAliveTimeout = o.keepAliveTimeout!;
    server.requestTimeout = o.requestTimeout!;
    server.setTimeout(o.connectionTimeout!);
    if (o.maxRequestsPerSocket! > 0) server.maxRequestsPerSocket = o.maxRequestsPerSocket!;
    return server;
  };
}

// Typed as Fastify expects a parser; the text is replaced by the parsed query before anything reads it.
const keepQueryText = ((text: string): string => text) as unknown as (text: string) => Record<string, unknown>;

/**
 * A route's query, parsed, as every route gets it; a route that reads its raw URL and declares no query (the
 * proxy, whose query is the provider's, often a long SOQL query) gets the text unparsed (issue 15 point 1).
 * No hook that runs before this one reads the query (CORS, the websocket plugin); authentication and
 * handlers run after it.
 */
function queryOf(text: string, routeConfig: unknown): unknown {
  if (acceptsRawUrl(routeConfig) && contractOf(routeConfig)?.query === undefined) return text;
  return parseQueryString(text);
}

export async function buildHttpApp(opts: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger,
    // request logging is the operation log's job (operations/); Fastify's per-request lines stay off
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    genReqId: () => randomUUID(),
    // req.log: the request's child logger, made when the request first logs (request-logger.ts).
    childLoggerFactory: RequestLogger.factory,
    routerOptions: {
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: false,
      maxParamLength: 1000,
      // The router finds the query before it knows the route: it is kept as text here and parsed in onRequest
      // (queryOf below), where the route is known.
      querystringParser: keepQueryText,
    },
    trustProxy: true,
    clientErrorHandler: answerClientError,
    ...(opts.front ? { serverFactory: serverWithFrontDoor(opts.front) } : {}),
    // A URL Fastify cannot decode (a malformed %-escape) still answers the {error} envelope.
    frameworkErrors: (err, _req, reply) => {
      const e = new TerapiError('invalid_uri_params.malformed_url', { reason: err.message });
      void (reply as unknown as FastifyReply).status(e.status).send(errorBody(e));
    },
  });
  const routes = opts.routes ?? new RouteTable();
  routes.watch(app as unknown as FastifyInstance);

  await app.register(cors, { origin: '*', maxAge: CORS_MAX_AGE_S, allowedHeaders: CORS_ALLOWED_HEADERS, exposedHeaders: CORS_EXPOSED_HEADERS });

  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    (req as unknown as { rawBody: string }).rawBody = text;
    if (text.trim() === '') return done(null, undefined);
    let parsed: unknown;
    try {
      refuseDeepJson(text);
    } catch (err) {
      return done(err as TerapiError, undefined);
    }
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(new TerapiError('invalid_json'), undefined);
    }
    try {
      refuseUnstorableBody(text, parsed);
    } catch (err) {
      return done(err as TerapiError, undefined);
    }
    done(null, parsed);
  });

  // A callback hook, not an async one: no promise or microtask per request.
  app.addHook('onRequest', (req, _reply, done) => {
    try {
      const config = req.routeOptions.config;
      if (typeof req.query === 'string') req.query = queryOf(req.query, config);
      if (!opts.isReady() && req.url !== '/health') throw new TerapiError('not_ready');
      if (!acceptsRawUrl(config)) refuseNulInUrl(req.url);
      const ct = req.headers['content-type'];
      if (ct && !ct.toLowerCase().startsWith('application/json') && JSON_ONLY_PREFIXES.some((p) => req.url.startsWith(p))) {
        throw new TerapiError('invalid_content_type.not_json', { content_type: ct });
      }
    } catch (err) {
      done(err as Error);
      return;
    }
    done();
  });

  // As Fastify answers its routes' new requests 503 once it closes, the door does.
  if (opts.front) {
    const front = opts.front;
    app.addHook('preClose', (done) => {
      front.close();
      done();
    });
  }

  app.setErrorHandler((err, req, reply) => {
    // Answered before the body was read (authentication, size): the client may still be sending it, so the
    // connection closes instead of reading the rest (as Fastify does for its own body-parser errors).
    if (!req.raw.complete) reply.header('connection', 'close');
    const e = asTerapiError(err, req);
    if (e.status >= 500) req.log.error({ err, detail: e.detail }, e.message);
    else if (e.detail !== undefined) req.log.info({ code: e.code, detail: e.detail }, e.message);
    return reply.status(e.status).send(errorBody(e));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(errorBody(new TerapiError('route_not_found.route', { method: req.method, path: req.url.split('?')[0] ?? '' })));
  });

  // spec/operations.md: 200 {"result":"ok"} once migrations ran and the process is ready; 503 before.
  declareRoute(app as unknown as FastifyInstance, { method: 'GET', url: '/health', auth: PUBLIC, summary: 'Readiness: {"result":"ok"} once migrations ran, 503 before', tag: 'Server' }, async (_req, reply) => {
    if (!opts.isReady()) return reply.status(503).send({ result: 'starting' });
    return { result: 'ok' };
  });

  registerOpenApiRoute(app as unknown as FastifyInstance, routes, { version: terapiVersion(), serverUrl: opts.serverUrl });

  return app as unknown as FastifyInstance;
}
