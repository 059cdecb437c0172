// The logs API (issue 12 point 5): filters, keyset pages newest first, following new entries (`after` and
// the SSE stream), one operation in full, and every bad parameter answered 400 through the registry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';
import type { OperationEntry } from '../operation-log.js';
import type { OperationSummary } from '../operation-query.js';
import { waitUntil } from '../../testing/wait-until.js';

interface Page {
  operations: OperationSummary[];
  next_cursor: string | null;
  following: string;
}

describe('logs API', () => {
  let t: TestTerapi;
  let envId: number;
  let connRowId: number;
  const base = Date.parse('2026-01-01T00:00:00.000Z');

  before(async () => {
    t = await startTestTerapi();
    envId = (await t.services.environments.findByName('dev'))!.id;
    const integ = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf', credentials: { type: 'OAUTH2', client_id: 'id', client_secret: 'secret' } } });
    assert.equal(integ.status, 200, await integ.text());
    const conn = await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: 'acme', credentials: { type: 'OAUTH2', access_token: 'tok' } } });
    assert.equal(conn.status, 201, await conn.text());
    connRowId = (await t.services.connections.get(envId, 'sf', 'acme'))!.id;
    await t.services.operations.flush();
    await t.services.db.query('delete from operations');
    // 9 rows a minute apart: proxy on acme (0..5), failed refreshes on acme (6, 7), one proxy of no connection (8).
    const entry = (i: number, e: Partial<OperationEntry>): OperationEntry => ({
      environmentId: envId,
      kind: 'proxy',
      connectionId: connRowId,
      providerConfigKey: 'sf',
      status: 'success',
      message: `op ${i}`,
      detail: { duration_ms: i },
      startedAt: new Date(base + i * 60_000),
      endedAt: new Date(base + i * 60_000 + 5),
      ...e,
    });
    for (let i = 0; i < 6; i++) t.services.operations.record(entry(i, {}));
    for (const i of [6, 7]) t.services.operations.record(entry(i, { kind: 'refresh', status: 'failed', detail: { error_code: 'invalid_credentials', duration_ms: 3 } }));
    t.services.operations.record(entry(8, { connectionId: null, providerConfigKey: 'other' }));
    await t.services.operations.flush();
  });
  after(() => t.close());

  const get = async (qs: string): Promise<Page> => {
    const res = await t.api(`/logs/operations${qs}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as Page;
  };
  const messages = (p: Page) => p.operations.map((o) => String(o.message));

  test('pages go newest first by keyset cursor until next_cursor is null', async () => {
    const seen: string[] = [];
    let page = await get('?limit=4');
    seen.push(...messages(page));
    while (page.next_cursor) {
      page = await get(`?limit=4&cursor=${page.next_cursor}`);
      seen.push(...messages(page));
    }
    assert.deepEqual(seen, ['op 8', 'op 7', 'op 6', 'op 5', 'op 4', 'op 3', 'op 2', 'op 1', 'op 0']);
    const first = (await get('?limit=1')).operations[0]!;
    assert.equal(first.kind, 'proxy');
    assert.equal(first.provider_config_key, 'other');
    assert.equal(first.connection_id, null);
    assert.equal(first.started_at, new Date(base + 8 * 60_000).toISOString());
    assert.equal(first.duration_ms, 8);
  });

  test('filters: kind, status, integration, connection, time range; a filter that matches nothing is an empty page', async () => {
    assert.deepEqual(messages(await get('?kind=refresh')), ['op 7', 'op 6']);
    assert.deepEqual(messages(await get('?status=failed&limit=1')), ['op 7']);
    assert.deepEqual(messages(await get('?integration=other')), ['op 8']);
    assert.equal((await get('?connection=acme')).operations.length, 8);
    assert.deepEqual(messages(await get('?connection=acme&kind=proxy&limit=2')), ['op 5', 'op 4']);
    const from = new Date(base + 2 * 60_000).toISOString();
    const to = new Date(base + 4 * 60_000).toISOString();
    assert.deepEqual(messages(await get(`?from=${from}&to=${to}`)), ['op 3', 'op 2']);
    const none = await get('?connection=nobody');
    assert.deepEqual(none.operations, []);
    assert.equal(none.next_cursor, null);
    assert.deepEqual((await get('?kind=webhook_incoming')).operations, []);
  });

  test('after=<following> answers only what was logged since, oldest first, and the SSE stream pushes it', async () => {
    const { following } = await get('?limit=1');
    assert.deepEqual((await get(`?after=${following}`)).operations, []);

    const controller = new AbortController();
    const stream = await t.api(`/logs/operations/stream?kind=action&after=${following}`, { signal: controller.signal });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += value;
      }
    })().catch(() => {});

    const now = new Date();
    t.services.operations.record({ environmentId: envId, kind: 'proxy', connectionId: connRowId, providerConfigKey: 'sf', status: 'success', message: 'new proxy', detail: {}, startedAt: now, endedAt: now });
    t.services.operations.record({ environmentId: envId, kind: 'action', connectionId: connRowId, providerConfigKey: 'sf', status: 'success', message: 'new action', detail: {}, startedAt: now, endedAt: now });
    await t.services.operations.flush();

    const since = await get(`?after=${following}`);
    assert.deepEqual(messages(since), ['new proxy', 'new action']);
    assert.deepEqual(messages(await get(`?after=${following}&kind=action`)), ['new action']);
    assert.deepEqual((await get(`?after=${since.following}`)).operations, []);

    await waitUntil('the stream pushed the new action', () => text.includes('"message":"new action"'));
    assert.ok(!text.includes('new proxy'), 'the stream applies its filter');
    assert.match(text, /event: operation\nid: [A-Za-z0-9_-]+\ndata: \{/);
    controller.abort();
    await reading;
  });

  test('GET /logs/operations/:id answers the row in full; an unknown id is 404 not_found', async () => {
    const refresh = (await get('?kind=refresh&limit=1')).operations[0]!;
    const res = await t.api(`/logs/operations/${refresh.id}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as OperationSummary & { detail: Record<string, unknown> };
    assert.equal(body.status, 'failed');
    assert.equal(body.connection_id, 'acme');
    assert.deepEqual(body.detail, { error_code: 'invalid_credentials', duration_ms: 3 });
    const missing = await t.api('/logs/operations/999999999');
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
  });

  test('bad parameters answer 400 with the registry code', async () => {
    const cases: Array<[string, string]> = [
      ['/logs/operations?kind=nope', 'invalid_query_params'],
      ['/logs/operations?status=ok', 'invalid_query_params'],
      ['/logs/operations?limit=101', 'invalid_query_params'],
      ['/logs/operations?limit=0', 'invalid_query_params'],
      ['/logs/operations?from=yesterday', 'invalid_query_params'],
      ['/logs/operations?unknown=1', 'invalid_query_params'],
      ['/logs/operations?cursor=abc&after=def', 'invalid_query_params'],
      ['/logs/operations?cursor=bm90LWEtY3Vyc29y', 'invalid_cursor'],
      ['/logs/operations?after=bm90LWEtY3Vyc29y', 'invalid_cursor'],
      ['/logs/operations/abc', 'invalid_uri_params'],
      ['/logs/operations/stream?kind=nope', 'invalid_query_params'],
    ];
    for (const [path, code] of cases) {
      const res = await t.api(path);
      assert.equal(res.status, 400, path);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, code, path);
    }
  });

  test('/openapi.json documents the query parameters', async () => {
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, { get: { parameters?: { name: string; in: string }[] } }> };
    const names = doc.paths['/logs/operations']!.get.parameters!.filter((p) => p.in === 'query').map((p) => p.name);
    for (const n of ['kind', 'status', 'integration', 'connection', 'from', 'to', 'limit', 'cursor', 'after']) assert.ok(names.includes(n), n);
    assert.ok(doc.paths['/logs/operations/{id}']);
    assert.ok(doc.paths['/logs/operations/stream']);
  });
});
