import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Nango } from '@nangohq/node';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';
import type { Connection } from '../../connections/connection-store.js';
import { TerapiError } from '../../errors/terapi-error.js';
import { waitUntil } from '../../testing/wait-until.js';
import { recordRows, type RecordRows } from '../../functions/sdk/record-batch.js';

type ApiRecord = Record<string, unknown> & {
  id: string;
  _nango_metadata: { first_seen_at: string; last_modified_at: string; last_action: string; deleted_at: string | null; pruned_at: string | null; cursor: string };
};
type Page = { records: ApiRecord[]; next_cursor: string | null };

const HEADERS = { 'connection-id': 'conn-1', 'provider-config-key': 'sf' };

describe('records API (nango-api.md §8)', () => {
  let t: TestTerapi;
  let conn: Connection;
  const get = async (qs: string, headers: Record<string, string> = HEADERS) => {
    const res = await t.api(`/records/?${qs}`, { headers });
    return { status: res.status, body: (await res.json()) as Page & { error?: { code: string } } };
  };
  const all = async (qs: string) => (await get(qs)).body.records;
  const save = (model: string, recs: Record<string, unknown>[] | RecordRows) => t.services.records.save(conn.id, model, recs);

  before(async () => {
    t = await startTestTerapi();
    const integ = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf', credentials: { type: 'OAUTH2', client_id: 'id', client_secret: 'secret' } } });
    assert.equal(integ.status, 200, await integ.text());
    const imported = await t.api('/connections', {
      method: 'POST',
      json: { provider_config_key: 'sf', connection_id: 'conn-1', connection_config: { instance_url: 'https://acme.my.salesforce.com' }, credentials: { type: 'OAUTH2', access_token: 'tok' } },
    });
    assert.equal(imported.status, 201, await imported.text());
    const env = (await t.services.environments.findByName('dev'))!;
    conn = (await t.services.connections.get(env.id, 'sf', 'conn-1'))!;
  });
  after(() => t.close());

  test('saved records come back ADDED with the external id as a string and their metadata', async () => {
    assert.deepEqual(await save('Account', [{ id: 1, name: 'one' }, { id: '2', name: 'two' }, { id: '3', name: 'three' }]), { added: 3, updated: 0, deleted: 0 });
    const { status, body } = await get('model=Account');
    assert.equal(status, 200);
    assert.equal(body.next_cursor, null);
    assert.deepEqual(body.records.map((r) => [r.id, r.name, r._nango_metadata.last_action]), [['1', 'one', 'ADDED'], ['2', 'two', 'ADDED'], ['3', 'three', 'ADDED']]);
    const m = body.records[0]!._nango_metadata;
    assert.match(m.first_seen_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    assert.equal(m.first_seen_at, m.last_modified_at);
    assert.equal(m.deleted_at, null);
    assert.equal(m.pruned_at, null);
  });

  test('payloads in any script come back byte for byte, however many bytes each character takes in UTF-8', async () => {
    // The page is encoded into a buffer sized for one byte per character: these records need three and four,
    // so the body must grow mid-page without losing or splitting a character.
    const text = (i: number) => `€${i} 日本語 ${'ü'.repeat(500)} 😀${'€'.repeat(1500)} "quoted" \\ back\nslash`;
    const recs = Array.from({ length: 40 }, (_, i) => ({ id: `u${String(i).padStart(2, '0')}`, text: text(i), nested: { emoji: '🎉'.repeat(300), n: i } }));
    await save('Unicode', recs);
    const res = await t.api('/records?model=Unicode&limit=40', { headers: HEADERS });
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(Number(res.headers.get('content-length')), bytes.length);
    const body = JSON.parse(bytes.toString('utf8')) as Page;
    assert.equal(body.next_cursor, null);
    assert.deepEqual(
      body.records.map(({ _nango_metadata: _m, ...r }) => r),
      recs.map((r) => ({ ...r })),
    );
  });

  test('an unchanged record is not rewritten; a changed one is UPDATED; a deleted one keeps its payload', async () => {
    const before = await all('model=Account');
    assert.deepEqual(await save('Account', [{ id: '1', name: 'one' }, { id: '2', name: 'two' }]), { added: 0, updated: 0, deleted: 0 });
    assert.deepEqual(await all('model=Account'), before);
    assert.deepEqual(await save('Account', [{ id: '2', name: 'TWO' }]), { added: 0, updated: 1, deleted: 0 });
    assert.deepEqual(await t.services.records.delete(conn.id, 'Account', ['3']), { added: 0, updated: 0, deleted: 1 });
    const now = await all('model=Account');
    assert.deepEqual(now.map((r) => [r.id, r.name, r._nango_metadata.last_action]), [['1', 'one', 'ADDED'], ['2', 'TWO', 'UPDATED'], ['3', 'three', 'DELETED']]);
    assert.notEqual(now[2]!._nango_metadata.deleted_at, null);
  });

  test('records written by one statement share its timestamps, yet each keeps its own action and cursor', async () => {
    assert.deepEqual(await save('Mixed', [{ id: 'a', v: 1 }, { id: 'b', v: 1 }]), { added: 2, updated: 0, deleted: 0 });
    // One statement adds c and d and updates b: the three share updated_at; b alone was first seen earlier.
    assert.deepEqual(await save('Mixed', [{ id: 'b', v: 2 }, { id: 'c', v: 1 }, { id: 'd', v: 1 }]), { added: 2, updated: 1, deleted: 0 });
    const page = await all('model=Mixed');
    assert.deepEqual(page.map((r) => [r.id, r._nango_metadata.last_action]), [['a', 'ADDED'], ['b', 'UPDATED'], ['c', 'ADDED'], ['d', 'ADDED']]);
    const [a, b, c, d] = page.map((r) => r._nango_metadata);
    assert.equal(b!.last_modified_at, c!.last_modified_at);
    assert.equal(c!.last_modified_at, d!.last_modified_at);
    assert.equal(b!.first_seen_at, a!.first_seen_at);
    assert.notEqual(b!.first_seen_at, b!.last_modified_at);
    assert.equal(c!.first_seen_at, c!.last_modified_at);
    assert.equal(new Set(page.map((r) => r._nango_metadata.cursor)).size, 4);
    // Each record's cursor resumes right after it.
    for (let i = 0; i < page.length; i++) {
      assert.deepEqual((await all(`model=Mixed&cursor=${encodeURIComponent(page[i]!._nango_metadata.cursor)}`)).map((r) => r.id), page.slice(i + 1).map((r) => r.id));
    }
  });

  test('batchUpdate merges into existing records, ignores unknown ids and leaves unchanged ones untouched', async () => {
    assert.deepEqual(await save('Merged', [{ id: 'm1', name: 'one', city: 'Paris' }, { id: 'm2', name: 'two', city: 'Oslo' }]), { added: 2, updated: 0, deleted: 0 });
    const before = await all('model=Merged');
    const updated = await t.services.records.update(conn.id, 'Merged', [{ id: 'm1', city: 'Lyon "centre"' }, { id: 'm2', city: 'Oslo' }, { id: 'unknown', city: 'Rome' }]);
    assert.deepEqual(updated, { added: 0, updated: 1, deleted: 0 });
    const after = await all('model=Merged');
    assert.deepEqual(after.map((r) => [r.id, r.name, r.city, r._nango_metadata.last_action]), [['m2', 'two', 'Oslo', 'ADDED'], ['m1', 'one', 'Lyon "centre"', 'UPDATED']]);
    assert.deepEqual(after.find((r) => r.id === 'm2'), before.find((r) => r.id === 'm2'));
  });

  test("a batch sent as rows (the ids, the payloads' JSON beside them, as the SDK sends it) is stored as the same records would be", async () => {
    const records = [{ id: 'r1', name: 'first', _nango_metadata: { last_action: 'forged' } }, { name: 'no id' }, { id: 7, name: 'number id', nested: { a: [1, 'x"y'] } }, { id: 'r1', name: 'first, again' }];
    const rows = recordRows(records);
    assert.deepEqual(await save('Rows', rows), { added: 2, updated: 0, deleted: 0 });
    assert.deepEqual((await all('model=Rows')).map(({ _nango_metadata: m, ...r }) => [r, m.last_action]), [
      [{ id: 'r1', name: 'first, again' }, 'ADDED'],
      [{ id: '7', name: 'number id', nested: { a: [1, 'x"y'] } }, 'ADDED'],
    ]);
    // the same records as objects give the same rows: nothing changes, nothing shows as UPDATED
    assert.deepEqual(await save('Rows', records), { added: 0, updated: 0, deleted: 0 });
    // rows a tampered SDK could send are refused by PostgreSQL, and nothing of them is stored
    for (const bad of [{ ids: ['x'], payloads: '{"n":1}' }, { ids: ['x'], payloads: '[{"n":1},]' }, { ids: ['x', 'y'], payloads: '[{}]' }, { ids: ['x', 'x'], payloads: '[{},{}]' }]) {
      await assert.rejects(save('Rows', bad), JSON.stringify(bad));
    }
    assert.equal((await all('model=Rows')).length, 2);
  });

  test('filter combinations mean what they say', async () => {
    const ids = async (f: string) => (await all(`model=Account&filter=${f}`)).map((r) => r.id);
    assert.deepEqual(await ids('added'), ['1']);
    assert.deepEqual(await ids('UPDATED'), ['2']);
    assert.deepEqual(await ids('deleted'), ['3']);
    assert.deepEqual(await ids('updated,deleted'), ['2', '3']);
    assert.deepEqual(await ids('added,deleted'), ['1', '3']);
    assert.deepEqual(await ids('added,updated'), ['1', '2']);
    assert.deepEqual(await ids('added,updated,deleted'), ['1', '2', '3']);
    assert.deepEqual((await all('model=Account&ids=3&ids=1')).map((r) => r.id), ['1', '3']);
  });

  test("the payload's own id and _nango_metadata are overwritten by the stored ones", async () => {
    await save('Other', [{ id: 42, _nango_metadata: { last_action: 'BOGUS' }, nested: { id: 'inner' } }]);
    const [r] = await all('model=Other');
    assert.equal(r!.id, '42');
    assert.equal(r!._nango_metadata.last_action, 'ADDED');
    assert.deepEqual(r!.nested, { id: 'inner' });
    assert.deepEqual(Object.keys(r!), ['id', 'nested', '_nango_metadata']);
  });

  test('cursors page through in (updated_at, id) order and a record cursor works as a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { body }: { body: Page } = await get(`model=Account&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...body.records.map((r) => r.id));
      cursor = body.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, ['1', '2', '3']);
    const first = (await all('model=Account'))[0]!;
    assert.deepEqual((await all(`model=Account&cursor=${encodeURIComponent(first._nango_metadata.cursor)}`)).map((r) => r.id), ['2', '3']);
  });

  test('modified_after keeps records updated at or after it; variants are separate models', async () => {
    const recs = await all('model=Account');
    const updatedAt = new Date(recs[1]!._nango_metadata.last_modified_at).toISOString();
    assert.deepEqual((await all(`model=Account&modified_after=${updatedAt}`)).map((r) => r.id), ['2', '3']);
    await save('Account::eu', [{ id: 'x', name: 'eu' }]);
    assert.deepEqual((await all('model=Account&variant=eu')).map((r) => r.id), ['x']);
    assert.deepEqual((await all('model=Account&variant=base')).map((r) => r.id), ['1', '2', '3']);
  });

  test('bad requests get exact codes', async () => {
    const code = async (qs: string, headers?: Record<string, string>) => {
      const r = await get(qs, headers);
      return [r.status, r.body.error?.code];
    };
    assert.deepEqual(await code('model=Account&cursor=bm9wZQ=='), [400, 'invalid_cursor']);
    assert.deepEqual(await code('model=Account&bogus=1'), [400, 'invalid_query_params']);
    assert.deepEqual(await code('model=account'), [400, 'invalid_query_params']);
    assert.deepEqual(await code('model=Account&limit=10001'), [400, 'invalid_query_params']);
    assert.deepEqual(await code('model=Account&filter=added,nope'), [400, 'invalid_query_params']);
    assert.deepEqual(await code('model=Account&modified_after=2026-01-01T00:00:00%2B01:00'), [400, 'invalid_query_params']);
    assert.deepEqual(await code('model=Account&modified_after=2001-01-01T00:00:00Z'), [400, 'invalid_query_params']);
    assert.deepEqual(await code('model=Account', {}), [400, 'invalid_headers']);
    assert.deepEqual(await code('model=Account', { 'connection-id': 'nope', 'provider-config-key': 'sf' }), [400, 'unknown_connection']);
    const noKey = await fetch(`${t.url}/records?model=Account`, { headers: HEADERS });
    assert.equal(noKey.status, 401);
  });

  test('prune empties payloads up to the cursor and keeps metadata', async () => {
    const recs = await all('model=Account');
    const res = await t.api('/records/prune', { method: 'PATCH', headers: HEADERS, json: { model: 'Account', until_cursor: recs[1]!._nango_metadata.cursor } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { count: 2, has_more: false });
    const after = await all('model=Account');
    assert.deepEqual(Object.keys(after[0]!).sort(), ['_nango_metadata', 'id']);
    assert.notEqual(after[0]!._nango_metadata.pruned_at, null);
    assert.equal(after[0]!._nango_metadata.last_action, 'ADDED');
    assert.equal(after[2]!.name, 'three');
    const limited = await t.api('/records/prune', { method: 'PATCH', headers: HEADERS, json: { model: 'Account', until_cursor: recs[2]!._nango_metadata.cursor, limit: 1 } });
    assert.deepEqual(await limited.json(), { count: 1, has_more: false });
    const again = await t.api('/records/prune', { method: 'PATCH', headers: HEADERS, json: { model: 'Account', until_cursor: recs[2]!._nango_metadata.cursor } });
    assert.deepEqual(await again.json(), { count: 0, has_more: false });
    await save('Pruned', [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    const three = await all('model=Pruned');
    const prune = async (limit: number) => (await t.api('/records/prune', { method: 'PATCH', headers: HEADERS, json: { model: 'Pruned', until_cursor: three[2]!._nango_metadata.cursor, limit } })).json();
    assert.deepEqual(await prune(2), { count: 2, has_more: true });
    assert.deepEqual(await prune(2), { count: 1, has_more: false });
    const bad = await t.api('/records/prune', { method: 'PATCH', headers: HEADERS, json: { model: 'Account', until_cursor: 'x', extra: 1 } });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'invalid_body');
  });

  test("@nangohq/node's listRecords reads the same pages", async () => {
    const nango = new Nango({ secretKey: t.devSecretKey, host: t.url });
    const page = await nango.listRecords({ providerConfigKey: 'sf', connectionId: 'conn-1', model: 'Account', limit: 2 });
    assert.deepEqual(page.records.map((r) => (r as { id: string }).id), ['1', '2']);
    assert.equal(typeof page.next_cursor, 'string');
    const rest = await nango.listRecords({ providerConfigKey: 'sf', connectionId: 'conn-1', model: 'Account', cursor: page.next_cursor! });
    assert.deepEqual(rest.records.map((r) => (r as { id: string }).id), ['3']);
    assert.equal(rest.next_cursor, null);
  });
  describe('records follow their connection (one lock per save, no per-record foreign key: migration 0011)', () => {
    let n = 0;
    /** A connection of its own, on the `sf` integration or on a new one, with two saved records. */
    const connectionWithRecords = async (integrationKey = 'sf') => {
      if (integrationKey !== 'sf') {
        const integ = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: integrationKey, credentials: { type: 'OAUTH2', client_id: 'id', client_secret: 'secret' } } });
        assert.equal(integ.status, 200, await integ.text());
      }
      const connectionId = `follow-${++n}`;
      const res = await t.api('/connections', { method: 'POST', json: { provider_config_key: integrationKey, connection_id: connectionId, connection_config: { instance_url: 'https://acme.my.salesforce.com' }, credentials: { type: 'OAUTH2', access_token: 'tok' } } });
      assert.equal(res.status, 201, await res.text());
      const env = (await t.services.environments.findByName('dev'))!;
      const c = (await t.services.connections.get(env.id, integrationKey, connectionId))!;
      assert.deepEqual(await t.services.records.save(c.id, 'Account', [{ id: 'a' }, { id: 'b' }]), { added: 2, updated: 0, deleted: 0 });
      return c;
    };
    const countOf = async (connectionId: number) => (await t.services.db.query<{ n: number }>('select count(*) as n from records where connection_id = $1', [connectionId])).rows[0]!.n;

    test('deleting a connection, or the integration it belongs to, deletes its records', async () => {
      const direct = await connectionWithRecords();
      const viaIntegration = await connectionWithRecords('sf-follow');
      const kept = await countOf(conn.id);
      await t.services.db.query('delete from connections where id = $1', [direct.id]);
      assert.equal(await countOf(direct.id), 0);
      await t.services.db.query("delete from integrations where unique_key = 'sf-follow'");
      assert.equal(await countOf(viaIntegration.id), 0);
      assert.equal(await countOf(conn.id), kept, "other connections' records stay");
    });

    test('a save for a deleted connection stores nothing and fails with unknown_connection', async () => {
      const gone = await connectionWithRecords();
      await t.services.db.query('delete from connections where id = $1', [gone.id]);
      await assert.rejects(t.services.records.save(gone.id, 'Account', [{ id: 'c' }]), (err: unknown) => err instanceof TerapiError && err.code === 'unknown_connection');
      assert.equal(await countOf(gone.id), 0);
    });

    test('a delete of the connection waits for a save in progress, then deletes what it wrote', async () => {
      const c = await connectionWithRecords();
      let deleted: Promise<unknown> | undefined;
      await t.services.db.transaction(async (tx) => {
        await t.services.records.save(c.id, 'Account', [{ id: 'c' }], {}, tx);
        deleted = t.services.db.query('delete from connections where id = $1', [c.id]);
        // The delete is blocked on the connection row the save locked, until this transaction commits.
        await waitUntil('the delete waiting on the lock', async () => (await t.services.db.query<{ n: number }>("select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'delete from connections%'")).rows[0]!.n > 0);
      });
      await deleted;
      assert.equal(await countOf(c.id), 0);
    });
  });
});
