import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkFromHeader, paginate } from './paginate.js';
import type { ProxyConfiguration } from './helper-types.js';
import type { UpstreamResponse } from './upstream-http-error.js';

// An in-memory API of 5 items answering each strategy's parameters, and the requests paginate made.
const items = ['a', 'b', 'c', 'd', 'e'];
function api(answer: (c: ProxyConfiguration) => UpstreamResponse) {
  const calls: ProxyConfiguration[] = [];
  return { calls, request: async (c: ProxyConfiguration) => (calls.push(c), answer(c)) };
}
const res = (data: unknown, headers: Record<string, string> = {}): UpstreamResponse => ({ status: 200, headers, data });
async function collect<T>(gen: AsyncGenerator<T[]>): Promise<T[][]> {
  const pages: T[][] = [];
  for await (const p of gen) pages.push(p);
  return pages;
}

test('cursor pagination follows the cursor in the body until it is absent', async () => {
  const a = api((c) => {
    const start = Number((c.params as Record<string, string>).after ?? 0);
    return res({ data: { rows: items.slice(start, start + 2) }, next: start + 2 < items.length ? String(start + 2) : null });
  });
  const pages = await collect(paginate(a.request, { endpoint: '/rows', params: { q: 'x' }, paginate: { type: 'cursor', cursor_path_in_response: 'next', cursor_name_in_request: 'after', response_path: 'data.rows', limit: 2, limit_name_in_request: 'size' } }));
  assert.deepEqual(pages, [['a', 'b'], ['c', 'd'], ['e']]);
  assert.deepEqual(a.calls.map((c) => c.params), [{ q: 'x', size: 2 }, { q: 'x', size: 2, after: '2' }, { q: 'x', size: 2, after: '4' }]);
});

test('link pagination follows a path in the body (Salesforce nextRecordsUrl) without repeating the params', async () => {
  const a = api((c) => {
    if (c.endpoint === '/query') return res({ records: ['a', 'b'], done: false, nextRecordsUrl: '/query/01g-2' });
    return res({ records: ['c'], done: true });
  });
  const pages = await collect(paginate(a.request, { endpoint: '/query', params: { q: 'SELECT Id FROM Account' }, paginate: { type: 'link', link_path_in_response_body: 'nextRecordsUrl', response_path: 'records' } }));
  assert.deepEqual(pages, [['a', 'b'], ['c']]);
  assert.deepEqual(a.calls.map((c) => [c.endpoint, c.params]), [['/query', { q: 'SELECT Id FROM Account' }], ['/query/01g-2', {}]]);
});

test('link pagination follows the Link header rel=next', async () => {
  const a = api((c) => (c.endpoint === '/r' ? res(['a'], { link: '<https://api.example.com/r?page=2>; rel="next", <https://api.example.com/r?page=9>; rel="last"' }) : res(['b'])));
  assert.deepEqual(await collect(paginate(a.request, { endpoint: '/r', paginate: { type: 'link' } })), [['a'], ['b']]);
  assert.equal(a.calls[1]?.endpoint, 'https://api.example.com/r?page=2');
  assert.equal(linkFromHeader('<x>; rel="prev"', 'next'), undefined);
});

test('offset pagination grows by the records received and stops on a short page', async () => {
  const a = api((c) => {
    const off = Number((c.params as Record<string, number>).offset);
    return res(items.slice(off, off + 2));
  });
  const pages = await collect(paginate(a.request, { endpoint: '/r', paginate: { type: 'offset', offset_name_in_request: 'offset', limit: 2, limit_name_in_request: 'limit' } }));
  assert.deepEqual(pages, [['a', 'b'], ['c', 'd'], ['e']]);
  assert.deepEqual(a.calls.map((c) => (c.params as Record<string, number>).offset), [0, 2, 4]);
});

test('page pagination counts pages from the start value and stops on an empty page', async () => {
  const a = api((c) => {
    const page = Number((c.params as Record<string, number>).page);
    return res({ results: items.slice((page - 1) * 2, page * 2) });
  });
  const pages = await collect(paginate(a.request, { endpoint: '/r', paginate: { type: 'page', page_name_in_request: 'page', response_path: 'results' } }));
  assert.deepEqual(pages, [['a', 'b'], ['c', 'd'], ['e']]);
  assert.deepEqual(a.calls.map((c) => (c.params as Record<string, number>).page), [1, 2, 3, 4]);
});
