// @terapi/frontend sends what @nangohq/frontend sends (nango-api.md §3.1–§3.3): for each credentials shape the
// same endpoint, query string and JSON body, recorded by a real loopback HTTP server; and a refusal becomes
// the same AuthError (message and type from the {error:{code,message}} envelope).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import Nango, { AuthError as NangoAuthError } from '@nangohq/frontend';
import TerapiFrontend, { AuthError } from '@terapi/frontend';

type Seen = { method: string; url: string; body: string; contentType: string | undefined };
let server: Server;
let host: string;
let seen: Seen[] = [];

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body, contentType: req.headers['content-type'] });
      if (req.url?.includes('refuse')) {
        return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'connection_test_failed', message: 'Salesforce refused the consumer key.' } }));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ connectionId: 'c1', providerConfigKey: 'k' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  host = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
after(() => new Promise((r) => server.close(r)));

async function requestOf(run: () => Promise<unknown>): Promise<Seen> {
  seen = [];
  await run();
  assert.equal(seen.length, 1);
  return seen[0]!;
}

const shapes: Array<[string, Record<string, unknown>]> = [
  ['client credentials', { params: { hostname: 'acme.my.salesforce.com' }, credentials: { client_id: 'id', client_secret: 's' } }],
  ['client credentials with a private key', { credentials: { client_id: 'id', client_private_key: 'pk' } }],
  ['two-step with an assertion option', { credentials: { type: 'TWO_STEP', client_id: 'a', private_key: 'b' }, assertionOption: { aud: 'x' } }],
  ['jwt by type', { credentials: { type: 'JWT', client_id: 'a', private_key: 'b', username: 'u@x' } }],
  ['jwt by privateKey', { credentials: { privateKey: { id: 'i', secret: 's' } } }],
  ['api key', { credentials: { apiKey: 'k' } }],
  ['basic with a missing password', { credentials: { username: 'u' } }],
  ['tba', { credentials: { token_id: 't', token_secret: 's', oauth_client_id_override: 'o', oauth_client_secret_override: 'p' } }],
  ['bill', { credentials: { username: 'u', password: 'p', organization_id: 'o', dev_key: 'd' } }],
  ['signature', { credentials: { type: 'SIGNATURE', username: 'u', password: 'p' } }],
  ['aws sigv4', { credentials: { type: 'AWS_SIGV4', role_arn: 'arn:aws:iam::1:role/x', region: 'eu-west-1' } }],
  ['unknown type reduced to its known keys', { credentials: { apiKey: 'k', type: 'API_KEY' } }],
  // Nango throws missing_credentials for an outbound installation without a credentials object; terapi's SDK does not need one.
  ['outbound installation', { installation: 'outbound', credentials: {} }],
  ['hmac, user_scope and authorization_params in the query', { hmac: 'ab12', user_scope: ['a', 'b'], authorization_params: { prompt: 'consent', drop: undefined }, credentials: { apiKey: 'k' } }],
];

for (const identity of [{ connectSessionToken: 'nango_connect_session_abc' }, { publicKey: '1b1e2a3c-0000-4000-8000-000000000000' }] as const) {
  for (const [name, options] of shapes) {
    test(`${name} (${Object.keys(identity)[0]}): same request as @nangohq/frontend`, async () => {
      const connectionId = 'publicKey' in identity ? 'conn-1' : undefined;
      const nango = new Nango({ host, ...identity });
      const terapi = new TerapiFrontend({ host, ...identity });
      const theirs = await requestOf(() => (connectionId ? nango.auth('sf', connectionId, options as never) : nango.auth('sf', options as never)));
      const ours = await requestOf(() => (connectionId ? terapi.auth('sf', connectionId, options as never) : terapi.auth('sf', options as never)));
      assert.deepEqual(ours, theirs);
    });
  }
}

test('create(): POST /auth/unauthenticated with no body, as @nangohq/frontend', async () => {
  const identity = { publicKey: '1b1e2a3c-0000-4000-8000-000000000000' };
  const theirs = await requestOf(() => new Nango({ host, ...identity }).create('k', 'conn-2', { params: { a: 'b c' } }));
  const ours = await requestOf(() => new TerapiFrontend({ host, ...identity }).create('k', 'conn-2', { params: { a: 'b c' } }));
  assert.deepEqual(ours, theirs);
  assert.equal(ours.body, '');
});

test('a refusal rejects with the AuthError of the envelope, as @nangohq/frontend', async () => {
  const options = { credentials: { client_id: 'id', client_secret: 'wrong' } };
  const theirs = await new Nango({ host, connectSessionToken: 't' }).auth('refuse', options).catch((e: unknown) => e);
  const ours = await new TerapiFrontend({ host, connectSessionToken: 't' }).auth('refuse', options).catch((e: unknown) => e);
  assert.ok(theirs instanceof NangoAuthError);
  assert.ok(ours instanceof AuthError);
  assert.deepEqual([ours.type, ours.message], [theirs.type, theirs.message]);
  assert.equal(ours.type, 'connection_test_failed');
});

test('without a session token or public key, auth() rejects with missing_auth_token; reconnect() with missing_connect_session_token', async () => {
  const sdk = new TerapiFrontend({ host });
  await assert.rejects(sdk.auth('sf', { credentials: { apiKey: 'k' } }), (e: AuthError) => e.type === 'missing_auth_token');
  await assert.rejects(sdk.reconnect('sf'), (e: AuthError) => e.type === 'missing_connect_session_token');
  await assert.rejects(sdk.create('sf'), (e: AuthError) => e.type === 'missing_auth_token');
  assert.throws(() => new TerapiFrontend({ host: 'not a url' }), (e: AuthError) => e.type === 'invalid_host_url');
});

test('terapi unreachable: a POST auth rejects with network_error and names the host', async () => {
  const closed = new TerapiFrontend({ host: 'http://127.0.0.1:9', connectSessionToken: 't' });
  await assert.rejects(closed.auth('sf', { credentials: { apiKey: 'k' } }), (e: AuthError) => e.type === 'network_error' && e.message.includes('http://127.0.0.1:9'));
});
