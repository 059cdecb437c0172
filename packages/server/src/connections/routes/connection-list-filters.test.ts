// issue 12 point 4: GET /connections keeps Nango's contract and adds optional filters for the dashboard —
// status (healthy / expired / refresh_failed, derived from the row) — and keyset paging by cursor.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';

interface Listed {
  connections: { connection_id: string; provider_config_key: string; status: string }[];
  next_cursor: string | null;
}

describe('GET /connections filters and keyset paging', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi();
    for (const key of ['sf', 'sf2']) {
      const integ = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: key, credentials: { type: 'OAUTH2', client_id: 'id', client_secret: 'secret' } } });
      assert.equal(integ.status, 200, await integ.text());
    }
    const past = new Date(Date.now() - 3600_000).toISOString();
    const future = new Date(Date.now() + 3600_000).toISOString();
    const conns: Array<[string, string, string, string]> = [
      ['c1', 'sf', 'alice', future],
      ['c2', 'sf', 'bob', past],
      ['c3', 'sf2', 'alice', future],
      ['c4', 'sf', 'carol', future],
      ['c5', 'sf2', 'bob', future],
    ];
    for (const [id, key, user, expires] of conns) {
      const res = await t.api('/connections', {
        method: 'POST',
        json: { provider_config_key: key, connection_id: id, end_user: { id: user, email: `${user}@example.com` }, tags: { team: user === 'alice' ? 'red' : 'blue' }, credentials: { type: 'OAUTH2', access_token: 'tok', expires_at: expires } },
      });
      assert.equal(res.status, 201, await res.text());
    }
    const env = (await t.services.environments.findByName('dev'))!;
    const c4 = (await t.services.connections.get(env.id, 'sf', 'c4'))!;
    await t.services.connections.markNeedsReauth(c4.id, { type: 'auth', code: 'invalid_credentials', message: 'refused', at: new Date().toISOString() });
  });
  after(() => t.close());

  const list = async (qs: string): Promise<Listed> => {
    const res = await t.api(`/connections${qs}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as Listed;
  };
  const ids = (l: Listed) => l.connections.map((c) => c.connection_id);

  test('status filter and field: healthy, expired, refresh_failed', async () => {
    assert.deepEqual(ids(await list('?status=expired')), ['c2']);
    assert.deepEqual(ids(await list('?status=refresh_failed')), ['c4']);
    assert.deepEqual(ids(await list('?status=healthy')), ['c5', 'c3', 'c1']);
    const all = await list('');
    assert.deepEqual(Object.fromEntries(all.connections.map((c) => [c.connection_id, c.status])), { c1: 'healthy', c2: 'expired', c3: 'healthy', c4: 'refresh_failed', c5: 'healthy' });
    assert.equal(all.next_cursor, null);
  });

  test('filters combine: integration, end user, tags, search, status', async () => {
    assert.deepEqual(ids(await list('?integrationId=sf2&endUserId=alice')), ['c3']);
    assert.deepEqual(ids(await list('?tags[team]=blue&status=healthy')), ['c5']);
    assert.deepEqual(ids(await list('?search=carol')), ['c4']);
    assert.deepEqual(ids(await list('?integrationId=sf&status=expired&search=nobody')), []);
  });

  test('keyset paging by cursor walks every connection once, newest first; page= still works', async () => {
    const seen: string[] = [];
    let page = await list('?limit=2');
    seen.push(...ids(page));
    while (page.next_cursor) {
      page = await list(`?limit=2&cursor=${page.next_cursor}`);
      seen.push(...ids(page));
    }
    assert.deepEqual(seen, ['c5', 'c4', 'c3', 'c2', 'c1']);
    assert.deepEqual(ids(await list('?limit=2&integrationId=sf&cursor=' + (await list('?limit=1&integrationId=sf')).next_cursor)), ['c2', 'c1']);
    assert.deepEqual(ids(await list('?limit=2&page=1')), ['c3', 'c2']);
  });

  test('bad values answer 400 invalid_query_params or invalid_cursor', async () => {
    for (const [qs, code] of [['?status=broken', 'invalid_query_params'], ['?cursor=x&page=1', 'invalid_query_params'], ['?cursor=bm9wZQ', 'invalid_cursor']] as const) {
      const res = await t.api(`/connections${qs}`);
      assert.equal(res.status, 400, qs);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, code, qs);
    }
  });
});
