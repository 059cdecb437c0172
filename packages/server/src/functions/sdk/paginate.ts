// The helper's paginate (issue 6 §1): cursor, link (header or body path, e.g. Salesforce `nextRecordsUrl`,
// spec/salesforce.md query pagination), offset and page strategies. Yields one array of records per page.
import type { Pagination, ProxyConfiguration } from './helper-types.js';
import type { UpstreamResponse } from './upstream-http-error.js';

export type Requester = (config: ProxyConfiguration) => Promise<UpstreamResponse>;

export function valueAtPath(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  let v: unknown = value;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

function recordsOf(res: UpstreamResponse, p: Pagination): unknown[] {
  const page = valueAtPath(res.data, p.response_path);
  if (Array.isArray(page)) return page;
  if (page === undefined || page === null) return [];
  throw new Error(`paginate: the response ${p.response_path ? `at "${p.response_path}" ` : ''}is not an array; set paginate.response_path`);
}

/** RFC 8288: `<https://…?page=2>; rel="next"`. */
export function linkFromHeader(header: string | undefined, rel: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (m && new RegExp(`rel\\s*=\\s*"?([^"]*\\s)?${rel}(\\s[^"]*)?"?`, 'i').test(m[2] ?? '')) return m[1];
  }
  return undefined;
}

function paramsOf(config: ProxyConfiguration): Record<string, string | number> {
  if (typeof config.params === 'string') return Object.fromEntries(new URLSearchParams(config.params));
  return Object.fromEntries(Object.entries(config.params ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
}

export async function* paginate<T>(request: Requester, config: ProxyConfiguration & { paginate: Pagination }): AsyncGenerator<T[], undefined, void> {
  const p = config.paginate;
  const params = paramsOf(config);
  if (p.limit !== undefined && p.limit_name_in_request) params[p.limit_name_in_request] = p.limit;
  const inBody = (config.method ?? 'GET').toUpperCase() !== 'GET' && config.data && typeof config.data === 'object';
  let next: ProxyConfiguration = { ...config, params };
  let offset = p.type === 'offset' ? (p.offset_start_value ?? 0) : 0;
  let page = p.type === 'page' ? (p.page_start_value ?? 1) : 0;
  const place = (name: string, value: string | number) => {
    if (inBody) next = { ...next, data: { ...(next.data as Record<string, unknown>), [name]: value } };
    else next = { ...next, params: { ...(next.params as Record<string, string | number>), [name]: value } };
  };
  if (p.type === 'offset') place(p.offset_name_in_request, offset);
  if (p.type === 'page') place(p.page_name_in_request, page);
  for (;;) {
    const res = await request(next);
    const records = recordsOf(res, p) as T[];
    if (records.length === 0) return undefined;
    yield records;
    switch (p.type) {
      case 'cursor': {
        const cursor = valueAtPath(res.data, p.cursor_path_in_response);
        if (cursor === undefined || cursor === null || cursor === '') return undefined;
        place(p.cursor_name_in_request, String(cursor));
        break;
      }
      case 'link': {
        const link = p.link_path_in_response_body
          ? valueAtPath(res.data, p.link_path_in_response_body)
          : linkFromHeader(res.headers.link ?? res.headers.Link, p.link_rel_in_response_header ?? 'next');
        if (typeof link !== 'string' || link === '') return undefined;
        // The link carries its own query; the original params must not be repeated.
        next = { ...next, endpoint: link, params: {} };
        break;
      }
      case 'offset': {
        if (p.limit !== undefined && records.length < p.limit) return undefined;
        offset += p.offset_calculation_method === 'per-page' ? 1 : records.length;
        place(p.offset_name_in_request, offset);
        break;
      }
      case 'page': {
        if (p.limit !== undefined && records.length < p.limit) return undefined;
        page += 1;
        place(p.page_name_in_request, page);
        break;
      }
    }
  }
}
