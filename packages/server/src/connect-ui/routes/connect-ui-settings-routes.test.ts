import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../../testing/test-terapi.js';
import { DEFAULT_CONNECT_UI_SETTINGS } from '../connect-ui-settings-store.js';
import { LOGO_DATA_URL_MAX_CHARS } from './connect-ui-settings-routes.js';

type ErrorBody = { error: { code: string; errors?: { path: string[] }[] } };
const PNG = `data:image/png;base64,${Buffer.from('a tiny png').toString('base64')}`;

describe('per-environment Connect UI settings', () => {
  let t: TestTerapi;
  before(async () => {
    t = await startTestTerapi();
    await t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'sf' } });
  });
  after(() => t?.close());

  const sessionSettings = async () => {
    const created = await t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u1' } } });
    const { token } = ((await created.json()) as { data: { token: string } }).data;
    const res = await fetch(`${t.url}/connect/session`, { headers: { authorization: `Bearer ${token}` } });
    return ((await res.json()) as { data: { connectUISettings: Record<string, unknown> } }).data.connectUISettings;
  };

  test('an environment without settings gets the defaults, in Nango’s shape, watermark shown', async () => {
    const got = await t.api('/environment/connect-ui-settings');
    assert.equal(got.status, 200);
    assert.deepEqual(((await got.json()) as { data: unknown }).data, DEFAULT_CONNECT_UI_SETTINGS);
    const { logoUrl: _none, ...nango } = DEFAULT_CONNECT_UI_SETTINGS;
    assert.deepEqual(await sessionSettings(), nango);
  });

  test('PUT changes only the fields given; they persist and reach GET /connect/session; other environments keep theirs', async () => {
    const put = await t.api('/environment/connect-ui-settings', { method: 'PUT', json: { theme: { dark: { primary: '#FF5500' } }, defaultTheme: 'dark', showWatermark: false, logoUrl: PNG } });
    assert.equal(put.status, 200, await put.clone().text());
    const expected = { theme: { light: DEFAULT_CONNECT_UI_SETTINGS.theme.light, dark: { primary: '#FF5500' } }, defaultTheme: 'dark', showWatermark: false, logoUrl: PNG };
    assert.deepEqual(((await put.json()) as { data: unknown }).data, expected);
    const again = await t.api('/environment/connect-ui-settings', { method: 'PUT', json: { theme: { light: { primary: '#123456' } } } });
    assert.equal(again.status, 200);
    const got = ((await (await t.api('/environment/connect-ui-settings')).json()) as { data: typeof expected }).data;
    assert.deepEqual(got, { ...expected, theme: { light: { primary: '#123456' }, dark: { primary: '#FF5500' } } });
    assert.deepEqual(await sessionSettings(), got);
    const { rows } = await t.services.db.query<{ id: number }>("select id from environments where name = 'prod'");
    assert.deepEqual(await t.services.connectUiSettings.get(rows[0]!.id), DEFAULT_CONNECT_UI_SETTINGS);
    const cleared = await t.api('/environment/connect-ui-settings', { method: 'PUT', json: { logoUrl: null } });
    assert.equal(((await cleared.json()) as { data: { logoUrl: unknown } }).data.logoUrl, null);
    assert.equal('logoUrl' in (await sessionSettings()), false, 'no logo, no logoUrl key');
  });

  test('bad settings are refused with invalid_body naming the field, and change nothing', async () => {
    const before = await (await t.api('/environment/connect-ui-settings')).text();
    const cases: Array<[unknown, string]> = [
      [{ theme: { light: { primary: 'red' } } }, 'theme.light.primary'],
      [{ theme: { light: { primary: '#12345' } } }, 'theme.light.primary'],
      [{ defaultTheme: 'sepia' }, 'defaultTheme'],
      [{ showWatermark: 'no' }, 'showWatermark'],
      [{ logoUrl: 'http://app.example/logo.png' }, 'logoUrl'],
      [{ logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
      [{ logoUrl: 'data:text/html;base64,PGgxPg==' }, 'logoUrl'],
      [{ logoUrl: `data:image/png;base64,${'A'.repeat(LOGO_DATA_URL_MAX_CHARS)}` }, 'logoUrl'],
      [{ colour: '#000000' }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await t.api('/environment/connect-ui-settings', { method: 'PUT', json: body });
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
      const err = (await res.json()) as ErrorBody;
      assert.equal(err.error.code, 'invalid_body');
      assert.ok(err.error.errors?.some((e) => e.path.join('.') === path), JSON.stringify(err).slice(0, 300));
    }
    assert.equal(await (await t.api('/environment/connect-ui-settings')).text(), before);
    assert.equal((await t.api('/environment/connect-ui-settings', { method: 'PUT', json: { logoUrl: 'https://app.example/logo.svg' } })).status, 200);
  });
});
