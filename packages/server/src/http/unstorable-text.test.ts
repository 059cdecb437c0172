import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { unstorablePath } from '../database/storable-text.js';

test('unstorablePath names the first string or key holding a NUL or an unpaired surrogate', () => {
  assert.deepEqual(unstorablePath({ a: ['x', 'y\0'] }), ['a', '1']);
  assert.deepEqual(unstorablePath({ ['k\0']: 1 }), ['k\0']);
  assert.deepEqual(unstorablePath('\0'), []);
  assert.deepEqual(unstorablePath({ a: 'x\ud800' }), ['a']);
  assert.deepEqual(unstorablePath({ a: { b: '\udc00y' } }), ['a', 'b']);
  assert.equal(unstorablePath({ a: '\\u0000', b: [1, null, true], c: '😀 \ud83d\ude00' }), undefined);
});

describe('text PostgreSQL cannot store (NUL, unpaired surrogates) is refused at the edge', () => {
  let t: TestTerapi;
  const json = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const codeOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];

  before(async () => {
    t = await startTestTerapi();
    const created = await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf', credentials: { type: 'OAUTH2', client_id: 'a', client_secret: 'b' } } });
    assert.equal(created.status, 200);
    const imported = await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: 'c1', credentials: { type: 'OAUTH2', access_token: 'x' }, metadata: { a: 'ok' } } });
    assert.equal(imported.status, 201);
  });
  after(() => t.close());

  test('a \\u0000 in a JSON body is invalid_body naming the field, and nothing is written', async () => {
    const res = await t.api('/connections/metadata', json('{"connection_id":"c1","provider_config_key":"sf","metadata":{"a":"x\\u0000y"}}'));
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string; errors: Array<{ path: string[] }> } };
    assert.equal(body.error.code, 'invalid_body');
    assert.deepEqual(body.error.errors[0]!.path, ['metadata', 'a']);
    assert.match(body.error.message, /NUL/);
    const c = (await (await t.api('/connections/c1?provider_config_key=sf')).json()) as { metadata: unknown };
    assert.deepEqual(c.metadata, { a: 'ok' });
    assert.deepEqual(await codeOf(await t.api('/connect/sessions', json('{"end_user":{"id":"u\\u0000"}}'))), [400, 'invalid_body']);
    assert.deepEqual(await codeOf(await t.api('/connections/c1?provider_config_key=sf', { ...json('{"tags":{"k\\u0000":"v"}}'), method: 'PATCH' })), [400, 'invalid_body']);
  });

  test('an unpaired surrogate in a JSON body is invalid_body; a paired one (an emoji) is stored', async () => {
    assert.deepEqual(await codeOf(await t.api('/connections/metadata', json('{"connection_id":"c1","provider_config_key":"sf","metadata":{"a":"\\ud800"}}'))), [400, 'invalid_body']);
    assert.deepEqual(await codeOf(await t.api('/connections/c1?provider_config_key=sf', { ...json('{"tags":{"a":"\\udc00x"}}'), method: 'PATCH' })), [400, 'invalid_body']);
    assert.deepEqual(await codeOf(await t.api('/connect/sessions', json('{"end_user":{"id":"u1","display_name":"\\ud800"}}'))), [400, 'invalid_body']);
    const ok = await t.api('/connections/metadata', json('{"connection_id":"c1","provider_config_key":"sf","metadata":{"a":"\\ud83d\\ude00"}}'));
    assert.equal(ok.status, 201);
    const c = (await (await t.api('/connections/c1?provider_config_key=sf')).json()) as { metadata: unknown };
    assert.deepEqual(c.metadata, { a: '😀' });
  });

  test('an escaped backslash before u0000 is ordinary text and is stored', async () => {
    const res = await t.api('/connections/metadata', json('{"connection_id":"c1","provider_config_key":"sf","metadata":{"a":"\\\\u0000"}}'));
    assert.equal(res.status, 201);
    const c = (await (await t.api('/connections/c1?provider_config_key=sf')).json()) as { metadata: unknown };
    assert.deepEqual(c.metadata, { a: '\\u0000' });
  });

  test('%00 in the path is invalid_uri_params, in the query invalid_query_params', async () => {
    assert.deepEqual(await codeOf(await t.api('/connections/%00?provider_config_key=sf')), [400, 'invalid_uri_params']);
    assert.deepEqual(await codeOf(await t.api('/connections?search=%00')), [400, 'invalid_query_params']);
    assert.deepEqual(await codeOf(await t.api('/sync/status?syncs=*&provider_config_key=sf%00&connection_id=c1')), [400, 'invalid_query_params']);
    assert.deepEqual(await codeOf(await t.api('/records?model=Account&ids=a%00', { headers: { 'connection-id': 'c1', 'provider-config-key': 'sf' } })), [400, 'invalid_query_params']);
  });

  test('the OAuth callback answers its HTML error page for a NUL in the state, as for any unknown state', async () => {
    const res = await fetch(`${t.url}/oauth/callback?state=%00&code=x`);
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /state is unknown/);
  });

  test('a malformed %-escape answers the {error} envelope', async () => {
    assert.deepEqual(await codeOf(await t.api('/connections/%E0%A4%A?provider_config_key=sf')), [400, 'invalid_uri_params']);
  });

  test("the proxy's raw path is the provider's business: %00 there is not refused by this check", async () => {
    const res = await t.api('/proxy/x%00y');
    const [status, code] = await codeOf(res);
    assert.equal(status, 400);
    assert.notEqual(code, 'invalid_uri_params');
  });
});
