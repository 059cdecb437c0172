import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';

type ErrorBody = { error: { code: string; message: string; errors?: { path: string[]; message: string }[] } };

describe('/integrations', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi();
  });
  after(() => t.close());

  test('create, list, get (credentials only on request), update, delete', async () => {
    const created = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf', credentials: { type: 'OAUTH2', client_id: 'cid', client_secret: 'top-secret', scopes: 'api,refresh_token' } } });
    assert.equal(created.status, 200);
    const data = ((await created.json()) as { data: Record<string, unknown> }).data;
    assert.equal(data.unique_key, 'sf');
    assert.equal(data.provider, 'salesforce');
    assert.equal(data.display_name, 'Salesforce');
    assert.equal(data.credentials, undefined);
    assert.equal(JSON.stringify(data).includes('top-secret'), false);

    const list = (await (await t.api('/integrations')).json()) as { data: { unique_key: string }[] };
    assert.deepEqual(list.data.map((i) => i.unique_key), ['sf']);
    const withCreds = (await (await t.api('/integrations/sf?include=credentials')).json()) as { data: { credentials: Record<string, unknown> } };
    assert.deepEqual(withCreds.data.credentials, { type: 'OAUTH2', client_id: 'cid', client_secret: 'top-secret', scopes: 'api,refresh_token', webhook_secret: null });

    const patched = await t.api('/integrations/sf', { method: 'PATCH', json: { display_name: 'Our Salesforce', unique_key: 'sf-prod' } });
    assert.equal(patched.status, 200);
    assert.equal(((await patched.json()) as { data: { display_name: string } }).data.display_name, 'Our Salesforce');
    assert.equal((await t.api('/integrations/sf')).status, 404);

    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    const { rows } = await client.query('select row_to_json(i)::text as r from integrations i');
    await client.end();
    assert.equal(rows[0].r.includes('top-secret'), false, 'the client secret is encrypted at rest');

    assert.deepEqual(await (await t.api('/integrations/sf-prod', { method: 'DELETE' })).json(), { success: true });
    const gone = await t.api('/integrations/sf-prod', { method: 'DELETE' });
    assert.equal(gone.status, 404);
    assert.deepEqual(await gone.json(), { error: { code: 'not_found', message: 'Integration does not exist' } });
  });

  test('bad input answers the documented 4xx and writes nothing', async () => {
    const cases: Array<[unknown, string, string[]?]> = [
      [{ unique_key: 'x' }, 'invalid_body', ['provider']],
      [{ provider: 'nope', unique_key: 'x' }, 'invalid_body', ['provider']],
      [{ provider: 'salesforce', unique_key: 'x', surprise: true }, 'invalid_body'],
      [{ provider: 'salesforce', unique_key: 'bad/key' }, 'invalid_body', ['unique_key']],
      [{ provider: 'salesforce', unique_key: 'x', credentials: { type: 'OAUTH2', client_id: 'a' } }, 'invalid_body', ['credentials', 'client_secret']],
      [{ provider: 'salesforce-jwt', unique_key: 'x', credentials: { type: 'OAUTH2', client_id: 'a', client_secret: 'b' } }, 'invalid_body', ['credentials']],
    ];
    for (const [body, code, path] of cases) {
      const res = await t.api('/integrations', { method: 'POST', json: body });
      assert.equal(res.status, 400, JSON.stringify(body));
      const err = (await res.json()) as ErrorBody;
      assert.equal(err.error.code, code);
      if (path) assert.ok(err.error.errors?.some((e) => e.path.join('.') === path.join('.')), `${JSON.stringify(err)} should name ${path.join('.')}`);
    }
    assert.equal((await t.api('/integrations?x=1')).status, 400);
    const list = (await (await t.api('/integrations')).json()) as { data: unknown[] };
    assert.equal(list.data.length, 0, 'nothing was written');
    await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'dup' } });
    const dup = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'dup' } });
    assert.equal(dup.status, 400);
    assert.deepEqual(((await dup.json()) as ErrorBody).error.errors?.[0]?.path, ['uniqueKey']);
    assert.equal((await t.api('/integrations/missing', { method: 'PATCH', json: { display_name: 'x' } })).status, 404);
    assert.equal((await t.api('/integrations/dup', { method: 'PATCH', json: { nope: 1 } })).status, 400);
  });

  test('providers: list with search, get one, unknown one', async () => {
    const all = (await (await t.api('/providers')).json()) as { data: { name: string; auth_mode: string; logo_url: string }[] };
    assert.ok(all.data.length >= 6);
    const found = (await (await t.api('/providers?search=sandbox')).json()) as { data: { name: string }[] };
    assert.deepEqual(found.data.map((p) => p.name), ['salesforce-sandbox']);
    const one = (await (await t.api('/providers/salesforce-cc')).json()) as { data: { name: string; auth_mode: string; hooks?: string } };
    assert.equal(one.data.auth_mode, 'OAUTH2_CC');
    assert.equal(one.data.hooks, undefined);
    const missing = await t.api('/providers/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: { code: 'not_found', message: 'Unknown provider nope' } });
    assert.equal((await t.api('/providers/salesforce?x=1')).status, 400);
  });
});
