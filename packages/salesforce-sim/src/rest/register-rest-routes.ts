import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OrgData } from '../data/org-data.js';
import { nameEndpoint } from '../request-log/endpoint-name.js';
import type { SalesforceSim } from '../salesforce-sim.js';
import { beginApiCall, isApiCall, sendRest } from './api-call.js';
import { versionsList } from './api-versions.js';
import { compositeRoutes } from './composite-routes.js';
import { QueryCursors } from './query-cursors.js';
import { dispatchRest, restEndpointName, type Dispatched, type RestRequest, type SubRoutes } from './rest-dispatch.js';
import type { RestContext } from './rest-context.js';
import { JSON_CONTENT_TYPE, restError } from './rest-response.js';
import { BodyParseError, useJsonBodies } from './json-body.js';

/**
 * The REST API under `/services/data/` on every org host and the bare origin (spec/salesforce.md §3). One wildcard
 * route feeds an internal route table, which composite subrequests reuse.
 */
export function registerRestRoutes(app: FastifyInstance, sim: SalesforceSim): void {
  const cursors = new WeakMap<OrgData, QueryCursors>();
  const cursorsOf = (data: OrgData) => {
    let c = cursors.get(data);
    if (!c) cursors.set(data, (c = new QueryCursors()));
    return c;
  };
  const extra: SubRoutes[] = [];
  const dispatch = (ctx: RestContext, req: RestRequest): Dispatched => dispatchRest(ctx, req, extra);
  extra.push(compositeRoutes(dispatch));

  app.register(async (scope) => {
    useJsonBodies(scope);
    // Anything thrown (an oversized body, a bug) still answers in Salesforce's error-array format (§3.11).
    scope.setErrorHandler((error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      const message = error instanceof Error ? error.message : String(error);
      reply.code(status).type(JSON_CONTENT_TYPE).send(JSON.stringify([{ message, errorCode: status >= 500 ? 'UNKNOWN_EXCEPTION' : 'INVALID_REQUEST' }]));
    });

    // spec/salesforce.md §3.1: the versions list needs no session, is not counted and has no Sforce-Limit-Info.
    const versions = async (request: FastifyRequest, reply: FastifyReply) => {
      nameEndpoint(request, 'rest.versions');
      return reply.type(JSON_CONTENT_TYPE).send(JSON.stringify(versionsList()));
    };
    scope.get('/services/data', versions);
    scope.get('/services/data/', versions);

    // Fastify's 1 MB default is below what 200-record collections can need; Salesforce accepts far larger bodies.
    scope.all('/services/data/*', { bodyLimit: 50 * 1024 * 1024 }, async (request, reply) => {
      const [path, search] = splitUrl(request.url);
      const segments = path.slice('/services/data/'.length).split('/').filter((s) => s !== '').map(safeDecode);
      const [versionSegment = '', ...rest] = segments;
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      nameEndpoint(request, restEndpointName(method, rest, extra));
      const call = beginApiCall(sim, request, versionSegment);
      if (!isApiCall(call)) return sendRest(reply, call);
      const ctx: RestContext = { sim, org: call.org, user: call.user, data: call.org.data, version: call.version, headers: request.headers, cursors: cursorsOf(call.org.data) };
      if (request.body instanceof BodyParseError) return sendRest(reply, restError(400, 'JSON_PARSER_ERROR', request.body.message), call.org);
      const { response } = dispatch(ctx, { method, segments: rest, query: Object.fromEntries(new URLSearchParams(search)), body: request.body });
      return sendRest(reply, response, call.org);
    });
  });
}

function splitUrl(url: string): [string, string] {
  const i = url.indexOf('?');
  return i === -1 ? [url, ''] : [url.slice(0, i), url.slice(i + 1)];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
