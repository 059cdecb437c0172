import { compositeBatchResource, compositeGraphResource, compositeResource, type Dispatch } from './composite-resource.js';
import type { SubRoutes } from './rest-dispatch.js';
import { restError } from './rest-response.js';
import {
  collectionsCreate, collectionsDelete, collectionsRetrieve, collectionsUpdate, collectionsUpsert,
} from './sobject-collections-resource.js';

/** The `/composite…` part of the route table (spec/salesforce.md §3.9). Subrequests may not nest composites. */
export function compositeRoutes(dispatch: Dispatch): SubRoutes {
  const flat: Dispatch = (ctx, req) =>
    req.segments[0] === 'composite'
      ? { endpoint: 'rest.unknown', response: restError(400, 'INVALID_API_INPUT', 'Composite requests cannot be nested') }
      : dispatch(ctx, req);
  return (segments) => {
    const [a, b, c, d, e] = segments;
    if (a !== 'composite' || e !== undefined) return undefined;
    if (b === undefined) return { POST: ['rest.composite', (ctx, req) => compositeResource(ctx, req.body, flat)] };
    if (b === 'batch' && c === undefined) return { POST: ['rest.composite.batch', (ctx, req) => compositeBatchResource(ctx, req.body, flat)] };
    if (b === 'graph' && c === undefined) return { POST: ['rest.composite.graph', (ctx, req) => compositeGraphResource(ctx, req.body, flat)] };
    if (b !== 'sobjects') return undefined;
    if (c === undefined) {
      return {
        POST: ['rest.composite.sobjects.create', (ctx, req) => collectionsCreate(ctx, req.body)],
        PATCH: ['rest.composite.sobjects.update', (ctx, req) => collectionsUpdate(ctx, req.body)],
        DELETE: ['rest.composite.sobjects.delete', (ctx, req) => collectionsDelete(ctx, req.query.ids, req.query.allOrNone === 'true')],
      };
    }
    if (d === undefined) {
      return { GET: ['rest.composite.sobjects.retrieve', (ctx, req) => collectionsRetrieve(ctx, c, req.query.ids, req.query.fields)] };
    }
    return { PATCH: ['rest.composite.sobjects.upsert', (ctx, req) => collectionsUpsert(ctx, c, d, req.body)] };
  };
}
