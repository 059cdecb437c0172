import { describeGlobalResource, describeResource, resourcesResource, sobjectInfoResource } from './describe-resources.js';
import { limitsResource } from './limits-resource.js';
import { queryMoreResource, queryResource } from './query-resource.js';
import { deletedResource, updatedResource } from './replication-resources.js';
import { recentResource, searchResource } from './search-resources.js';
import type { RestContext } from './rest-context.js';
import { notFound, restError, type RestResponse } from './rest-response.js';
import {
  createRecordResource, deleteByExternalIdResource, deleteRecordResource, readByExternalIdResource, readRecordResource,
  updateRecordResource, upsertResource,
} from './sobject-record-resources.js';

export interface RestRequest {
  method: string;
  /** Path segments after `/services/data/vXX.X/`, URL-decoded. */
  segments: string[];
  query: Record<string, string>;
  body: unknown;
}

export interface Dispatched {
  /** Request-log name (core's request log, e.g. `rest.query`). */
  endpoint: string;
  response: RestResponse;
}

export type Handler = (ctx: RestContext, req: RestRequest) => RestResponse;
export type Methods = Partial<Record<'GET' | 'POST' | 'PATCH' | 'DELETE', [endpoint: string, handler: Handler]>>;

/** Extension point: composite resources add their part of the route table here, avoiding an import cycle. */
export type SubRoutes = (segments: string[]) => Methods | undefined;

/** Which resource a `/services/data/vXX.X/...` path names; the route table of spec/salesforce.md §3. */
export function routeOf(segments: string[], extra: SubRoutes[] = []): Methods | undefined {
  const [a, b, c, d, e] = segments;
  if (a === undefined) return { GET: ['rest.resources', (x) => resourcesResource(x)] };
  if (a === 'limits' && b === undefined) return { GET: ['rest.limits', (x) => limitsResource(x)] };
  if (a === 'search' && b === undefined) return { GET: ['rest.search', (x, r) => searchResource(x, r.query.q)] };
  if (a === 'recent' && b === undefined) return { GET: ['rest.recent', (x, r) => recentResource(x, r.query.limit)] };
  if ((a === 'query' || a === 'queryAll') && c === undefined) {
    if (b === undefined) return { GET: [`rest.${a}`, (x, r) => queryResource(x, r.query.q, a === 'queryAll')] };
    return { GET: [`rest.${a}.more`, (x) => queryMoreResource(x, b)] };
  }
  if (a === 'sobjects' && e === undefined) {
    if (b === undefined) return { GET: ['rest.sobjects', (x) => describeGlobalResource(x)] };
    if (c === undefined) {
      return {
        GET: ['rest.sobject.info', (x) => sobjectInfoResource(x, b)],
        POST: ['rest.sobject.create', (x, r) => createRecordResource(x, b, r.body)],
      };
    }
    if (d === undefined) {
      // Since v37 `POST /sobjects/{Type}/Id` upserts with a null Id, i.e. creates (spec/salesforce.md §3.6).
      if (c === 'Id') return { POST: ['rest.sobject.upsert', (x, r) => upsertResource(x, b, 'Id', '', r.body, false)] };
      if (c === 'describe') return { GET: ['rest.sobject.describe', (x) => describeResource(x, b)] };
      if (c === 'deleted') return { GET: ['rest.sobject.deleted', (x, r) => deletedResource(x, b, r.query.start, r.query.end)] };
      if (c === 'updated') return { GET: ['rest.sobject.updated', (x, r) => updatedResource(x, b, r.query.start, r.query.end)] };
      return {
        GET: ['rest.sobject.read', (x, r) => readRecordResource(x, b, c, r.query.fields)],
        PATCH: ['rest.sobject.update', (x, r) => updateRecordResource(x, b, c, r.body)],
        DELETE: ['rest.sobject.delete', (x) => deleteRecordResource(x, b, c)],
      };
    }
    return {
      GET: ['rest.sobject.read_by_external_id', (x, r) => readByExternalIdResource(x, b, c, d, r.query.fields)],
      PATCH: ['rest.sobject.upsert', (x, r) => upsertResource(x, b, c, d, r.body, r.query.updateOnly === 'true')],
      DELETE: ['rest.sobject.delete_by_external_id', (x) => deleteByExternalIdResource(x, b, c, d)],
    };
  }
  for (const sub of extra) {
    const hit = sub(segments);
    if (hit) return hit;
  }
  return undefined;
}

/** The request-log name of a REST request, known before it is authenticated. */
export function restEndpointName(method: string, segments: string[], extra: SubRoutes[] = []): string {
  return routeOf(segments, extra)?.[method as keyof Methods]?.[0] ?? 'rest.unknown';
}

export function dispatchRest(ctx: RestContext, req: RestRequest, extra: SubRoutes[] = []): Dispatched {
  const route = routeOf(req.segments, extra);
  if (!route) return { endpoint: 'rest.unknown', response: notFound() };
  const hit = route[req.method as keyof Methods];
  if (!hit) {
    const allowed = Object.keys(route).join(',');
    return { endpoint: 'rest.unknown', response: restError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are ${allowed}`) };
  }
  return { endpoint: hit[0], response: hit[1](ctx, req) };
}
