import { describeGlobalEntry, describeSObject } from '../data/describe.js';
import type { RestContext } from './rest-context.js';
import { notFound, type RestResponse } from './rest-response.js';

const RESOURCES = ['tooling', 'metadata', 'eclair', 'folders', 'sobjects', 'query', 'queryAll', 'search', 'limits', 'composite', 'jobs', 'recent'];

/** `GET /services/data/vXX.X/` (spec/salesforce.md §3.2). */
export function resourcesResource(ctx: RestContext): RestResponse {
  return { status: 200, body: Object.fromEntries(RESOURCES.map((r) => [r, `/services/data/v${ctx.version}/${r}`])) };
}

/** `GET /sobjects` (spec/salesforce.md §3.3). */
export function describeGlobalResource(ctx: RestContext): RestResponse {
  return {
    status: 200,
    body: { encoding: 'UTF-8', maxBatchSize: 200, sobjects: ctx.data.schemas.map((s) => describeGlobalEntry(s, ctx.version)) },
  };
}

/** `GET /sobjects/{Type}/describe` (spec/salesforce.md §3.4); unknown type → 404 NOT_FOUND. */
export function describeResource(ctx: RestContext, type: string): RestResponse {
  const table = ctx.data.table(type);
  if (!table) return notFound();
  return { status: 200, body: describeSObject(table.schema, ctx.data.schemas, ctx.version) };
}

/** `GET /sobjects/{Type}`: basic information and recently viewed items. */
export function sobjectInfoResource(ctx: RestContext, type: string): RestResponse {
  const table = ctx.data.table(type);
  if (!table) return notFound();
  return { status: 200, body: { objectDescribe: describeGlobalEntry(table.schema, ctx.version), recentItems: [] } };
}
