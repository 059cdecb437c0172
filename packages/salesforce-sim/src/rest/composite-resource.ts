import { parseApiVersion } from './api-versions.js';
import type { Dispatched, RestRequest } from './rest-dispatch.js';
import type { RestContext } from './rest-context.js';
import { restError, type RestResponse } from './rest-response.js';

export type Dispatch = (ctx: RestContext, req: RestRequest) => Dispatched;

// spec/salesforce.md §3.9: 25 subrequests, at most 5 of them queries; these headers may not be overridden.
const MAX_SUBREQUESTS = 25;
const MAX_QUERIES = 5;
const FORBIDDEN_HEADERS = ['accept', 'authorization', 'content-type'];
const HALTED = 'The transaction was rolled back since another operation in the same transaction failed.';

interface SubRequest {
  method?: unknown;
  url?: unknown;
  referenceId?: unknown;
  body?: unknown;
  httpHeaders?: Record<string, unknown>;
}

/** Splits `/services/data/v60.0/sobjects/Account?x=1` (or `v60.0/...` for batch) into a RestRequest and its version. */
export function parseSubUrl(url: string, method: string, body: unknown): { version: string; req: RestRequest } | undefined {
  const m = /^(?:\/services\/data\/)?(v\d+\.\d|latest)(?:\/([^?]*))?(?:\?(.*))?$/.exec(url);
  const version = m ? parseApiVersion(m[1]!) : undefined;
  if (!m || !version) return undefined;
  const segments = (m[2] ?? '').split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  const query = Object.fromEntries(new URLSearchParams(m[3] ?? ''));
  return { version, req: { method: method.toUpperCase(), segments, query, body } };
}

/** Resolves `@{refId.field}` / `@{refId.records[0].Id}` against earlier results. */
function substitute(value: unknown, results: Map<string, unknown>, missing: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)\}/g, (whole, ref: string, path: string) => {
      let cur: unknown = results.get(ref);
      for (const part of path.match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? []) {
        const key = part.startsWith('.') ? part.slice(1) : Number(part.slice(1, -1));
        cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[key] : undefined;
      }
      if (cur === undefined || cur === null) {
        missing.push(whole);
        return whole;
      }
      return String(cur);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, results, missing));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results, missing)]));
  }
  return value;
}

/** `POST /composite` (spec/salesforce.md §3.9): always 200, one API call, optional all-or-none. */
export function compositeResource(ctx: RestContext, body: unknown, dispatch: Dispatch): RestResponse {
  const input = (body ?? {}) as { allOrNone?: unknown; compositeRequest?: unknown };
  const subs = input.compositeRequest;
  if (!Array.isArray(subs) || subs.length === 0) {
    return restError(400, 'JSON_PARSER_ERROR', 'compositeRequest is required and must contain at least one subrequest');
  }
  if (subs.length > MAX_SUBREQUESTS) {
    return restError(400, 'LIMIT_EXCEEDED', `Exceeded max limit of subrequests: ${MAX_SUBREQUESTS}`);
  }
  const seen = new Set<string>();
  let queries = 0;
  for (const s of subs as SubRequest[]) {
    if (typeof s.referenceId !== 'string' || !/^[A-Za-z0-9_]+$/.test(s.referenceId) || typeof s.url !== 'string' || typeof s.method !== 'string') {
      return restError(400, 'JSON_PARSER_ERROR', 'Each subrequest needs method, url and an alphanumeric referenceId');
    }
    if (seen.has(s.referenceId)) return restError(400, 'DUPLICATE_VALUE', `Duplicate referenceId provided in the request: ${s.referenceId}`);
    seen.add(s.referenceId);
    for (const h of Object.keys(s.httpHeaders ?? {})) {
      if (FORBIDDEN_HEADERS.includes(h.toLowerCase())) return restError(400, 'INVALID_HEADER_TYPE', `Invalid header provided in subrequest: ${h}`);
    }
    if (/\/(query|queryAll)(\/|\?|$)/.test(s.url)) queries++;
  }
  if (queries > MAX_QUERIES) return restError(400, 'LIMIT_EXCEEDED', `Exceeded max limit of query subrequests: ${MAX_QUERIES}`);
  const allOrNone = input.allOrNone === true;

  return ctx.data.transaction((rollback) => {
    const results = new Map<string, unknown>();
    const out: { body: unknown; httpHeaders: Record<string, string>; httpStatusCode: number; referenceId: string }[] = [];
    let failed = false;
    for (const s of subs as Required<SubRequest>[]) {
      const referenceId = s.referenceId as string;
      if (failed && allOrNone) {
        out.push({ body: [{ errorCode: 'PROCESSING_HALTED', message: HALTED }], httpHeaders: {}, httpStatusCode: 400, referenceId });
        continue;
      }
      const missing: string[] = [];
      const url = substitute(s.url, results, missing) as string;
      const subBody = substitute(s.body, results, missing);
      let res: RestResponse;
      if (missing.length > 0) {
        res = restError(400, 'PROCESSING_HALTED', `Invalid reference specified. No value for ${missing[0]} found. Provided referenceId doesn't exist or references a failed sub-request.`);
      } else {
        const parsed = parseSubUrl(url, s.method as string, subBody);
        res = parsed ? dispatch({ ...ctx, version: parsed.version }, parsed.req).response : restError(404, 'NOT_FOUND', 'The requested resource does not exist');
      }
      const headers: Record<string, string> = {};
      if (res.status === 201 && res.body && typeof res.body === 'object' && 'id' in res.body) {
        headers.Location = `${url.split('?')[0]!.replace(/\/$/, '')}/${String((res.body as { id: unknown }).id)}`;
      }
      out.push({ body: res.body ?? null, httpHeaders: headers, httpStatusCode: res.status, referenceId });
      if (res.status >= 400) failed = true;
      else results.set(referenceId, res.body);
    }
    if (failed && allOrNone) {
      rollback();
      for (const r of out) {
        if (r.httpStatusCode < 400) Object.assign(r, { body: [{ errorCode: 'PROCESSING_HALTED', message: HALTED }], httpHeaders: {}, httpStatusCode: 400 });
      }
    }
    return { status: 200, body: { compositeResponse: out }, chunked: true };
  });
}

/** `POST /composite/batch`: independent subrequests; haltOnError turns the rest into 412. */
export function compositeBatchResource(ctx: RestContext, body: unknown, dispatch: Dispatch): RestResponse {
  const input = (body ?? {}) as { batchRequests?: unknown; haltOnError?: unknown };
  const subs = input.batchRequests;
  if (!Array.isArray(subs) || subs.length === 0) return restError(400, 'JSON_PARSER_ERROR', 'batchRequests is required');
  if (subs.length > MAX_SUBREQUESTS) return restError(400, 'LIMIT_EXCEEDED', `Exceeded max limit of subrequests: ${MAX_SUBREQUESTS}`);
  let halted = false;
  let hasErrors = false;
  const results = (subs as { method?: unknown; url?: unknown; richInput?: unknown }[]).map((s) => {
    if (halted) return { statusCode: 412, result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }] };
    const parsed = typeof s.url === 'string' && typeof s.method === 'string' ? parseSubUrl(s.url, s.method, s.richInput) : undefined;
    const res = parsed ? dispatch({ ...ctx, version: parsed.version }, parsed.req).response : restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (res.status >= 400) {
      hasErrors = true;
      if (input.haltOnError === true) halted = true;
    }
    return { statusCode: res.status, result: res.body ?? null };
  });
  return { status: 200, body: { hasErrors, results } };
}

/**
 * `POST /composite/graph`: independent graphs, each a composite request run all-or-none on its own. (Salesforce
 * allows 500 nodes per graph; the simulator keeps composite's 25.)
 */
export function compositeGraphResource(ctx: RestContext, body: unknown, dispatch: Dispatch): RestResponse {
  const input = (body ?? {}) as { graphs?: unknown };
  if (!Array.isArray(input.graphs) || input.graphs.length === 0) return restError(400, 'JSON_PARSER_ERROR', 'graphs is required and must contain at least one graph');
  const graphs = (input.graphs as { graphId?: unknown; compositeRequest?: unknown }[]).map((g) => {
    const graphId = String(g.graphId ?? '');
    const res = compositeResource(ctx, { allOrNone: true, compositeRequest: g.compositeRequest }, dispatch);
    if (res.status !== 200) return { graphId, graphResponse: { compositeResponse: [{ body: res.body, httpHeaders: {}, httpStatusCode: res.status, referenceId: '' }] }, isSuccessful: false };
    const compositeResponse = (res.body as { compositeResponse: { httpStatusCode: number }[] }).compositeResponse;
    return { graphId, graphResponse: { compositeResponse }, isSuccessful: compositeResponse.every((r) => r.httpStatusCode < 400) };
  });
  return { status: 200, body: { graphs }, chunked: true };
}
