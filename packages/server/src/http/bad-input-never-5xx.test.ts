// Issue 9 point 9: no input produces a 5xx. A table of requests an outside caller can send — impossible
// dates, URLs that do not parse, numbers past PostgreSQL's types, ids longer than any column, arrays where
// strings go, unknown enum values — each answered with a 4xx and the {error:{code,message}} envelope.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';

interface Probe {
  name: string;
  method?: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The exact code, when the probe is about one specific answer. */
  code?: string;
}

const cursorOf = (text: string) => encodeURIComponent(Buffer.from(text, 'utf8').toString('base64'));
const RECORD = { 'connection-id': 'conn-1', 'provider-config-key': 'sf' };
const LONG = 'x'.repeat(100_000);

function probes(session: string): Probe[] {
  const auth = (path: string) => `${path}?connect_session_token=${session}`;
  return [
    // record cursors that decode to no instant PostgreSQL has
    { name: 'cursor on 30 February', path: `/records?model=Account&cursor=${cursorOf('2024-02-30T00:00:00.000000+00:00||1')}`, headers: RECORD, code: 'invalid_cursor' },
    { name: 'cursor in year 0', path: `/records?model=Account&cursor=${cursorOf('0000-01-01T00:00:00.000000+00:00||1')}`, headers: RECORD, code: 'invalid_cursor' },
    { name: 'cursor at 24:00', path: `/records?model=Account&cursor=${cursorOf('2024-01-01T24:00:00+00:00||1')}`, headers: RECORD, code: 'invalid_cursor' },
    { name: 'cursor with a huge year', path: `/records?model=Account&cursor=${cursorOf('99999-01-01T00:00:00+00:00||1')}`, headers: RECORD, code: 'invalid_cursor' },
    { name: 'cursor id past bigint', path: `/records?model=Account&cursor=${cursorOf('2024-01-01T00:00:00+00:00||99999999999999999999')}`, headers: RECORD, code: 'invalid_cursor' },
    { name: 'cursor of garbage base64', path: '/records?model=Account&cursor=%25%25%25!!', headers: RECORD, code: 'invalid_cursor' },
    { name: 'prune until an impossible cursor', method: 'PATCH', path: '/records/prune', headers: RECORD, body: { model: 'Account', until_cursor: Buffer.from('2023-02-29T00:00:00+00:00||1').toString('base64') }, code: 'invalid_cursor' },
    { name: 'records limit 1e20', path: '/records?model=Account&limit=1e20', headers: RECORD, code: 'invalid_query_params' },
    { name: 'records limit negative', path: '/records?model=Account&limit=-1', headers: RECORD, code: 'invalid_query_params' },
    { name: 'records modified_after on 30 February', path: '/records?model=Account&modified_after=2026-02-30T00:00:00Z', headers: RECORD, code: 'invalid_query_params' },
    { name: 'records cursor as an array', path: '/records?model=Account&cursor=a&cursor=b', headers: RECORD, code: 'invalid_query_params' },
    { name: 'records filter unknown', path: '/records?model=Account&filter=ADDED,maybe', headers: RECORD, code: 'invalid_query_params' },
    // a host that makes no URL
    { name: 'oauth2 CC hostname http://[', method: 'POST', path: `${auth('/oauth2/auth/sfcc')}&params[hostname]=http://[`, body: { client_id: 'a', client_secret: 'b' }, code: 'invalid_connection_config' },
    { name: 'oauth2 CC hostname https://[::1', method: 'POST', path: `${auth('/oauth2/auth/sfcc')}&params[hostname]=${encodeURIComponent('https://[::1')}`, body: { client_id: 'a', client_secret: 'b' }, code: 'invalid_connection_config' },
    { name: 'JWT login host http://[', method: 'POST', path: auth('/auth/jwt/sfjwt'), body: { clientId: 'a', username: 'u', privateKey: 'k', authorizationUrl: 'http://[' }, code: 'invalid_body' },
    { name: 'JWT login host as an array', method: 'POST', path: auth('/auth/jwt/sfjwt'), body: { clientId: 'a', username: 'u', privateKey: 'k', authorizationUrl: ['login.salesforce.com'] }, code: 'invalid_body' },
    { name: 'import with hostname http://[', method: 'POST', path: '/connections', body: { provider_config_key: 'sf', connection_config: { hostname: 'http://[' }, credentials: { type: 'OAUTH2', access_token: 't' } }, code: 'invalid_connection_config' },
    // numbers and dates past PostgreSQL's types
    { name: 'connections page 1e20', path: '/connections?page=1e20', code: 'invalid_query_params' },
    { name: 'connections page negative', path: '/connections?page=-1', code: 'invalid_query_params' },
    { name: 'connections limit 1e20', path: '/connections?limit=1e20', code: 'invalid_query_params' },
    { name: 'import expiring before PostgreSQL time', method: 'POST', path: '/connections', body: { provider_config_key: 'sf', connection_id: 'old', credentials: { type: 'OAUTH2', access_token: 't', expires_at: -8.64e15 } }, code: 'invalid_body' },
    { name: 'import expiring in year 0', method: 'POST', path: '/connections', body: { provider_config_key: 'sf', connection_id: 'zero', credentials: { type: 'OAUTH2', access_token: 't', expires_at: '0000-01-01T00:00:00Z' } }, code: 'invalid_body' },
    { name: 'sync frequency of 1e20 days', method: 'PUT', path: '/sync/update-connection-frequency', body: { sync_name: 's', provider_config_key: 'sf', connection_id: 'conn-1', frequency: 'every 100000000000000000000 days' } },
    { name: 'action x-max-retries 1e20', method: 'POST', path: '/action/trigger', headers: { ...RECORD, 'x-max-retries': '1e20' }, body: { action_name: 'a' }, code: 'invalid_headers' },
    { name: 'action id not a uuid', path: '/action/not-a-uuid', code: 'invalid_uri_params' },
    // ids longer than columns, arrays where strings go, unknown enum values
    { name: 'connection id of 100 kB', path: `/connections/${LONG}?provider_config_key=sf`, code: 'request_header_too_large' },
    { name: 'connections search of 100 kB', path: `/connections?search=${LONG}`, code: 'request_header_too_large' },
    { name: 'connection id of 2 kB', path: `/connections/${'x'.repeat(2000)}?provider_config_key=sf`, code: 'invalid_uri_params' },
    { name: 'connections filter as arrays', path: '/connections?connectionId=a&connectionId=b&endUserId=a&endUserId=b', code: 'invalid_query_params' },
    { name: 'metadata for 100 kB ids', method: 'POST', path: '/connections/metadata', body: { connection_id: [LONG], provider_config_key: 'sf', metadata: {} } },
    { name: 'provider_config_key as an array', path: '/connections/conn-1?provider_config_key=sf&provider_config_key=sf', code: 'invalid_query_params' },
    { name: 'integration with an unknown credentials type', method: 'POST', path: '/integrations', body: { provider: 'salesforce', unique_key: 'k', credentials: { type: 'NOPE' } }, code: 'invalid_body' },
    { name: 'integration of an unknown provider', method: 'POST', path: '/integrations', body: { provider: 'nope', unique_key: 'k2' } },
    { name: 'integration include unknown', path: '/integrations/sf?include=secrets', code: 'invalid_query_params' },
    { name: 'sync mode unknown', method: 'POST', path: '/sync/trigger', body: { syncs: ['s'], provider_config_key: 'sf', sync_mode: 'sideways' }, code: 'invalid_body' },
    { name: 'sync status for an array of keys', path: '/sync/status?syncs=s&provider_config_key=sf&provider_config_key=x', code: 'invalid_query_params' },
    { name: 'connect session with 100 kB end user id', method: 'POST', path: '/connect/sessions', body: { end_user: { id: LONG } }, code: 'invalid_body' },
    { name: 'connect session allowing an array of arrays', method: 'POST', path: '/connect/sessions', body: { end_user: { id: 'u' }, allowed_integrations: [['sf']] }, code: 'invalid_body' },
    { name: 'environment webhook of a URL that does not parse', method: 'PUT', path: '/environment/webhook', body: { primary_url: 'http://[' } },
    { name: 'proxy retries 1e20', path: '/proxy/x', headers: { ...RECORD, retries: '1e20' } },
    { name: 'provider name of 100 kB', path: `/providers/${LONG}` },
    { name: 'proxy Base-Url-Override that makes no URL', path: '/proxy/services/data', headers: { ...RECORD, 'base-url-override': 'http://[' }, code: 'base_url_override_not_allowed' },
    { name: 'proxy connection id of 2 kB', path: '/proxy/services/data', headers: { ...RECORD, 'connection-id': 'x'.repeat(2000) } },
    { name: 'dryrun last_sync_date in year 0', method: 'POST', path: '/functions/dryrun', body: { integration_id: 'sf', connection_id: 'conn-1', name: 's', last_sync_date: '0000-01-01T00:00:00Z' } },
    { name: 'dryrun last_sync_date on 30 February', method: 'POST', path: '/functions/dryrun', body: { integration_id: 'sf', connection_id: 'conn-1', name: 's', last_sync_date: '2024-02-30T00:00:00Z' } },
    { name: 'sync frequency of zero', method: 'PUT', path: '/sync/update-connection-frequency', body: { sync_name: 's', provider_config_key: 'sf', connection_id: 'conn-1', frequency: 'every 0 minutes' } },
    { name: 'sync variant as an array', method: 'POST', path: '/sync/trigger', body: { syncs: [{ name: 's', variant: ['a'] }], provider_config_key: 'sf' }, code: 'invalid_body' },
    { name: 'records ids as an object', path: '/records?model=Account&ids[a]=1', headers: RECORD, code: 'invalid_query_params' },
    { name: 'connections tags nested', path: '/connections?tags[a][b]=1', code: 'invalid_query_params' },
    { name: 'import connection_id as an array', method: 'POST', path: '/connections', body: { provider_config_key: 'sf', connection_id: ['a'], credentials: { type: 'OAUTH2', access_token: 't' } }, code: 'invalid_body' },
    { name: 'integration client_id of 100 kB', method: 'PATCH', path: '/integrations/sf', body: { credentials: { type: 'OAUTH2', client_id: LONG, client_secret: 's' } }, code: 'invalid_body' },
    { name: 'action x-async unknown', method: 'POST', path: '/action/trigger', headers: { ...RECORD, 'x-async': 'maybe' }, body: { action_name: 'a' }, code: 'invalid_headers' },
    { name: 'connect session of a malformed token', path: '/connect/session', headers: { authorization: 'Bearer nango_connect_session_zz' } },
    { name: 'metadata of an unknown connection among many', method: 'PATCH', path: '/connections/metadata', body: { connection_id: ['conn-1', 'x'.repeat(300)], provider_config_key: 'sf', metadata: { a: 1 } } },
  ];
}

describe('no input produces a 5xx (issue 9 point 9)', () => {
  let t: TestTerapi;
  let session: string;

  before(async () => {
    t = await startTestTerapi();
    for (const [provider, key] of [['salesforce', 'sf'], ['salesforce-cc', 'sfcc'], ['salesforce-jwt', 'sfjwt']] as const) {
      const res = await t.api('/integrations', { method: 'POST', json: { provider, unique_key: key, ...(provider === 'salesforce' ? { credentials: { type: 'OAUTH2', client_id: 'id', client_secret: 'secret' } } : {}) } });
      assert.equal(res.status, 200, await res.text());
    }
    const imported = await t.api('/connections', { method: 'POST', json: { provider_config_key: 'sf', connection_id: 'conn-1', connection_config: { instance_url: 'https://acme.my.salesforce.com' }, credentials: { type: 'OAUTH2', access_token: 'tok' } } });
    assert.equal(imported.status, 201, await imported.text());
    const s = await t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u' } } });
    session = ((await s.json()) as { data: { token: string } }).data.token;
  });
  after(() => t.close());

  test('every bad request is a 4xx with the error envelope', async () => {
    const failures: string[] = [];
    for (const p of probes(session)) {
      const res = await t.api(p.path, { method: p.method ?? 'GET', headers: p.headers, ...(p.body !== undefined ? { json: p.body } : {}) });
      const text = await res.text();
      let body: { error?: { code?: unknown; message?: unknown } } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // reported below
      }
      const ok = res.status >= 400 && res.status < 500 && typeof body.error?.code === 'string' && typeof body.error.message === 'string' && (!p.code || body.error.code === p.code);
      if (!ok) failures.push(`${p.name}: ${res.status} ${text.slice(0, 300)}`);
    }
    assert.deepEqual(failures, []);
  });

  test('the browser route answers a host that makes no URL with the error page', async () => {
    const res = await fetch(`${t.url}/oauth/connect/sf?connect_session_token=${session}&params[hostname]=http://[`, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await res.text(), /url_param_err/);
  });
});
