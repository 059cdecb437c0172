// issue 9 point 9, as the attack: JSON nested 10,000 deep, in every place a JSON endpoint takes one, is a
// 400 invalid_body naming the limit, never a 5xx or a stack overflow in what walks the body afterwards
// (zod, the unstorable-text walk, jsonb storage).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { MAX_JSON_DEPTH, refuseDeepJson } from './json-depth.js';

let t: TestTerapi;
before(async () => {
  t = await startTestTerapi();
  assert.equal((await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf', credentials: { type: 'OAUTH2', client_id: 'a', client_secret: 'b' } } })).status, 200);
  assert.equal((await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: 'c1', credentials: { type: 'OAUTH2', access_token: 'x' } } })).status, 201);
});
after(async () => {
  await t?.close();
});

const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const send = (method: string, path: string, body: string, headers: Record<string, string> = {}) =>
  t.api(path, { method, headers: { 'content-type': 'application/json', ...headers }, body });

test('refuseDeepJson counts brackets outside strings only', () => {
  assert.doesNotThrow(() => refuseDeepJson(arrays(MAX_JSON_DEPTH)));
  assert.throws(() => refuseDeepJson(arrays(MAX_JSON_DEPTH + 1)), { code: 'invalid_body' });
  assert.doesNotThrow(() => refuseDeepJson(JSON.stringify({ s: '['.repeat(10_000), t: '"\\[{'.repeat(5000) })));
  assert.doesNotThrow(() => refuseDeepJson(JSON.stringify(Array.from({ length: 10_000 }, () => [[1]]))));
});

test('JSON nested 10,000 deep is 400 invalid_body naming the limit on every JSON endpoint, wherever it sits', async () => {
  const deep = [arrays(10_000), objects(10_000)];
  const cases: Array<[string, string, (nest: string) => string, Record<string, string>?]> = [
    ['POST', '/connect/sessions', (n) => `{"end_user":{"id":"u","display_name":${n}}}`],
    ['POST', '/connect/sessions', (n) => n],
    ['POST', '/connections/metadata', (n) => `{"connection_id":"c1","provider_config_key":"sf","metadata":{"deep":${n}}}`],
    ['PATCH', '/connections/metadata', (n) => `{"connection_id":"c1","provider_config_key":"sf","metadata":${n}}`],
    ['PATCH', '/connections/c1?provider_config_key=sf', (n) => `{"tags":${n}}`],
    ['POST', '/connections', (n) => `{"provider_config_key":"sf","connection_id":"c2","credentials":{"type":"OAUTH2","access_token":"x"},"metadata":${n}}`],
    ['POST', '/integrations', (n) => `{"provider":"salesforce","unique_key":"sf2","credentials":${n}}`],
    ['PUT', '/environment/webhook', (n) => `{"primary_url":${n}}`],
    ['POST', '/action/trigger', (n) => `{"action_name":"a","input":${n}}`, { 'connection-id': 'c1', 'provider-config-key': 'sf' }],
    ['POST', '/functions/dryrun', (n) => `{"name":"f","connection_id":"c1","input":${n}}`],
    ['POST', '/sync/trigger', (n) => `{"provider_config_key":"sf","syncs":${n}}`],
  ];
  for (const [method, path, wrap, headers] of cases) {
    for (const nest of deep) {
      const res = await send(method, path, wrap(nest), headers);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(res.status, 400, `${method} ${path}: ${JSON.stringify(body).slice(0, 200)}`);
      assert.equal(body.error.code, 'invalid_body', `${method} ${path}`);
      assert.match(body.error.message, new RegExp(`deeper than ${MAX_JSON_DEPTH} levels`));
    }
  }
  assert.equal((await t.api('/health')).status, 200);
});

test('nesting up to the limit is accepted and stored, one level more is refused', async () => {
  const atLimit = `{"connection_id":"c1","provider_config_key":"sf","metadata":{"deep":${arrays(MAX_JSON_DEPTH - 2)}}}`;
  assert.equal((await send('POST', '/connections/metadata', atLimit)).status, 201);
  const c = (await (await t.api('/connections/c1?provider_config_key=sf')).json()) as { metadata: { deep: unknown } };
  assert.equal(JSON.stringify(c.metadata.deep), arrays(MAX_JSON_DEPTH - 2));
  const over = `{"connection_id":"c1","provider_config_key":"sf","metadata":{"deep":${arrays(MAX_JSON_DEPTH - 1)}}}`;
  assert.equal((await send('POST', '/connections/metadata', over)).status, 400);
});
