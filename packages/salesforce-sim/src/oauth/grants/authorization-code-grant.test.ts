import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { requestAsHost } from '../../hosts/request-as-host.js';
import type { SimApp, SimOrg } from '../../salesforce-sim.js';
import { startSalesforceSim, type RunningSalesforceSim } from '../../start-salesforce-sim.js';
import { authorizeForCode, pkcePair } from '../oauth-test-flow.js';

let running: RunningSalesforceSim;
let prod: SimOrg;
let sandbox: SimOrg;
let app: SimApp;

before(async () => {
  running = await startSalesforceSim();
  [prod, sandbox] = [...running.sim.orgs.values()] as [SimOrg, SimOrg];
  app = prod.apps[0] as SimApp;
});
after(() => running.close());

async function codeFor(a: SimApp, host = 'login.salesforce.com', extra: Record<string, string> = {}): Promise<string> {
  const { query } = await authorizeForCode(running.origin, host, a, extra);
  return query.get('code') ?? '';
}

function exchange(a: SimApp, code: string, extra: Record<string, string> = {}, host = 'login.salesforce.com') {
  return requestAsHost(running.origin, host, '/services/oauth2/token', {
    form: { grant_type: 'authorization_code', code, client_id: a.clientId, client_secret: a.clientSecret, redirect_uri: a.callbackUrls[0] ?? '', ...extra },
  });
}

test('a code exchanges for the documented token response, without expires_in', async () => {
  const res = await exchange(app, await codeFor(app, 'login.salesforce.com', { scope: 'api refresh_token' }));
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
  assert.equal(res.headers['cache-control'], 'no-cache,must-revalidate,max-age=0,no-store,private');
  const body = res.json<Record<string, string>>();
  const user = prod.users[0];
  assert.deepEqual(Object.keys(body), ['access_token', 'refresh_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
  assert.ok(body.access_token?.startsWith(`${prod.id.slice(0, 15)}!`));
  assert.equal(body.instance_url, 'https://acme.my.salesforce.com');
  assert.equal(body.id, `https://login.salesforce.com/id/${prod.id}/${user?.id}`);
  assert.equal(body.token_type, 'Bearer');
  assert.equal(body.scope, 'api refresh_token');
  assert.match(body.issued_at ?? '', /^\d{13}$/);
  const signature = createHmac('sha256', app.clientSecret).update(`${body.id}${body.issued_at}`).digest('base64');
  assert.equal(body.signature, signature);
});

test('client credentials may come as HTTP Basic', async () => {
  const code = await codeFor(app);
  const res = await requestAsHost(running.origin, 'acme.my.salesforce.com', '/services/oauth2/token', {
    form: { grant_type: 'authorization_code', code, redirect_uri: app.callbackUrls[0] ?? '' },
    headers: { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}` },
  });
  assert.equal(res.status, 200);
});

test('no refresh_token without the refresh_token or offline_access scope', async () => {
  const body = (await exchange(app, await codeFor(app, 'login.salesforce.com', { scope: 'api' }))).json<Record<string, string>>();
  assert.equal(body.refresh_token, undefined);
  assert.equal(body.scope, 'api');
});

test('a sandbox identity is on test.salesforce.com, its instance on the sandbox My Domain', async () => {
  const sandboxApp = sandbox.apps[0] as SimApp;
  const res = await exchange(sandboxApp, await codeFor(sandboxApp, 'test.salesforce.com'), {}, 'test.salesforce.com');
  const body = res.json<Record<string, string>>();
  assert.equal(body.instance_url, 'https://acme--uat.sandbox.my.salesforce.com');
  assert.ok(body.id?.startsWith(`https://test.salesforce.com/id/${sandbox.id}/`));
});

test('an unknown consumer key is invalid_client_id, a wrong secret invalid_client', async () => {
  const code = await codeFor(app);
  const unknown = await exchange({ ...app, clientId: 'nope' }, code);
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.json(), { error: 'invalid_client_id', error_description: 'client identifier invalid' });
  const wrong = await exchange({ ...app, clientSecret: 'wrong' }, code);
  assert.equal(wrong.status, 400);
  assert.deepEqual(wrong.json(), { error: 'invalid_client', error_description: 'invalid client credentials' });
});

test('a bad code is invalid authorization code; a reused or expired one expired authorization code', async () => {
  assert.deepEqual((await exchange(app, 'bogus')).json(), { error: 'invalid_grant', error_description: 'invalid authorization code' });
  const code = await codeFor(app);
  assert.equal((await exchange(app, code)).status, 200);
  const reused = await exchange(app, code);
  assert.equal(reused.status, 400);
  assert.deepEqual(reused.json(), { error: 'invalid_grant', error_description: 'expired authorization code' });
  const late = await codeFor(app);
  running.sim.advanceClock(3 * 60 * 1000);
  assert.deepEqual((await exchange(app, late)).json(), { error: 'invalid_grant', error_description: 'expired authorization code' });
});

test('the redirect_uri must match the one authorized', async () => {
  const a = running.sim.createApp(prod.id, { callbackUrls: ['http://localhost/one', 'http://localhost/two'] });
  const res = await exchange(a, await codeFor(a), { redirect_uri: 'http://localhost/two' });
  assert.deepEqual(res.json(), { error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' });
});

test('PKCE: missing verifier is invalid_grant, wrong verifier invalid_request, right verifier succeeds', async () => {
  const { verifier, challenge } = pkcePair();
  const code = await codeFor(app, 'login.salesforce.com', { code_challenge: challenge });
  const missing = await exchange(app, code);
  assert.equal(missing.status, 400);
  assert.equal(missing.json<{ error: string }>().error, 'invalid_grant');
  const wrong = await exchange(app, code, { code_verifier: pkcePair().verifier });
  assert.equal(wrong.json<{ error: string }>().error, 'invalid_request');
  assert.equal((await exchange(app, code, { code_verifier: verifier })).status, 200);
});

test('a user deactivated after authorizing gets inactive user', async () => {
  const user = running.sim.createUser(prod.id, { username: 'leaver@acme.example' });
  const code = await codeFor(app, 'login.salesforce.com', { login_hint: user.username });
  running.sim.setUserActive(prod.id, user.id, false);
  assert.deepEqual((await exchange(app, code)).json(), { error: 'invalid_grant', error_description: 'inactive user' });
});

test('a non-form body or an unknown grant type is unsupported_grant_type', async () => {
  const json = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', {
    body: JSON.stringify({ grant_type: 'authorization_code' }),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(json.status, 400);
  assert.deepEqual(json.json(), { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  const password = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', { form: { grant_type: 'magic' } });
  assert.deepEqual(password.json(), { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
});

test('through the bare origin, instance_url and the identity host are the origin itself', async () => {
  const bare = new URL(running.origin).host;
  const res = await exchange(app, await codeFor(app, bare), {}, bare);
  const body = res.json<Record<string, string>>();
  assert.equal(body.instance_url, running.origin);
  assert.equal(body.id, `${running.origin}/id/${prod.id}/${prod.users[0]?.id}`);
});

test('with openid granted the response carries an id_token signed by a key published at /id/keys', async () => {
  const res = await exchange(app, await codeFor(app, 'login.salesforce.com', { scope: 'openid api', nonce: 'n-1' }));
  const body = res.json<Record<string, string>>();
  assert.deepEqual(Object.keys(body), ['access_token', 'signature', 'scope', 'id_token', 'instance_url', 'id', 'token_type', 'issued_at']);
  const jwks = (await requestAsHost(running.origin, 'login.salesforce.com', '/id/keys')).json<JSONWebKeySet>();
  const { payload } = await jwtVerify(body.id_token ?? '', createLocalJWKSet(jwks), {
    issuer: 'https://login.salesforce.com',
    audience: app.clientId,
    currentDate: new Date(running.sim.now()),
  });
  assert.equal(payload.sub, body.id);
  assert.equal(payload.nonce, 'n-1');
});

test('format=urlencoded answers form-encoded', async () => {
  const res = await exchange(app, await codeFor(app), { format: 'urlencoded' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/x-www-form-urlencoded;charset=UTF-8');
  const body = new URLSearchParams(res.text);
  assert.equal(body.get('instance_url'), 'https://acme.my.salesforce.com');
  assert.equal(body.get('token_type'), 'Bearer');
});
