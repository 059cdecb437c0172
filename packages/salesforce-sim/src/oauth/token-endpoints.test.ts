import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { requestAsHost } from '../hosts/request-as-host.js';
import type { SimApp, SimOrg } from '../salesforce-sim.js';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { authorizeForCode } from './oauth-test-flow.js';

// Introspection (§2.1), revocation (§2.2), userinfo (§2.3), identity URL (§2.4) and the Data Cloud exchange (§1.7).
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

async function tokens(a: SimApp = app, scope = 'api refresh_token'): Promise<Record<string, string>> {
  const { query } = await authorizeForCode(running.origin, 'login.salesforce.com', a, { scope });
  const res = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/token', {
    form: { grant_type: 'authorization_code', code: query.get('code') ?? '', client_id: a.clientId, client_secret: a.clientSecret, redirect_uri: a.callbackUrls[0] ?? '' },
  });
  return res.json();
}

function introspect(token: string, a: SimApp = app) {
  return requestAsHost(running.origin, 'acme.my.salesforce.com', '/services/oauth2/introspect', {
    form: { token, token_type_hint: 'access_token', client_id: a.clientId, client_secret: a.clientSecret },
  });
}

test('introspection describes a live access token with exp at the end of the session', async () => {
  const t = await tokens();
  const res = await introspect(t.access_token ?? '');
  assert.equal(res.status, 200);
  const body = res.json<Record<string, unknown>>();
  const iat = Math.floor(Number(t.issued_at) / 1000);
  assert.deepEqual(body, {
    active: true,
    scope: 'api refresh_token',
    client_id: app.clientId,
    username: 'admin@acme.example',
    sub: t.id,
    token_type: 'access_token',
    exp: iat + 2 * 60 * 60,
    iat,
    nbf: iat,
  });
});

test('introspection answers {"active":false} for unknown, expired, foreign tokens and when introspectAll is off', async () => {
  assert.deepEqual((await introspect('nope')).json(), { active: false });
  const t = await tokens();
  const sandboxApp = sandbox.apps[0] as SimApp;
  const foreign = await requestAsHost(running.origin, 'test.salesforce.com', '/services/oauth2/introspect', {
    form: { token: t.access_token ?? '', client_id: sandboxApp.clientId, client_secret: sandboxApp.clientSecret },
  });
  assert.deepEqual(foreign.json(), { active: false });
  const closed = running.sim.createApp(prod.id, { introspectAll: false });
  assert.deepEqual((await introspect(t.access_token ?? '', closed)).json(), { active: false });
  assert.equal(await running.control.expireTokens({ token: t.access_token ?? '' }), 1);
  assert.deepEqual((await introspect(t.access_token ?? '')).json(), { active: false });
});

test('introspection with a wrong secret is invalid_client', async () => {
  const res = await introspect('x', { ...app, clientSecret: 'bad' });
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), { error: 'invalid_client', error_description: 'invalid client credentials' });
});

test('revoking a refresh token revokes its access tokens; a dead token is invalid_token', async () => {
  const t = await tokens();
  const res = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/revoke', { form: { token: t.refresh_token ?? '' } });
  assert.equal(res.status, 200);
  assert.deepEqual((await introspect(t.access_token ?? '')).json(), { active: false });
  const again = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/revoke', { form: { token: t.refresh_token ?? '' } });
  assert.equal(again.status, 400);
  assert.deepEqual(again.json(), { error: 'invalid_token', error_description: 'invalid token' });
});

test('revoking an access token leaves its refresh token usable', async () => {
  const t = await tokens();
  const res = await requestAsHost(running.origin, 'acme.my.salesforce.com', `/services/oauth2/revoke?token=${encodeURIComponent(t.access_token ?? '')}`);
  assert.equal(res.status, 200);
  assert.deepEqual((await introspect(t.access_token ?? '')).json(), { active: false });
  assert.equal((await introspect(t.refresh_token ?? '')).json<{ active: boolean }>().active, true);
});

test('userinfo describes the token user; a bad token gets 403 Bad_OAuth_Token', async () => {
  const t = await tokens();
  const res = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/userinfo', { headers: { authorization: `Bearer ${t.access_token}` } });
  assert.equal(res.status, 200);
  const body = res.json<Record<string, unknown>>();
  const user = prod.users[0];
  assert.equal(body.sub, t.id);
  assert.equal(body.user_id, user?.id);
  assert.equal(body.organization_id, prod.id);
  assert.equal(body.preferred_username, 'admin@acme.example');
  assert.deepEqual((body.urls as Record<string, string>).rest, 'https://acme.my.salesforce.com/services/data/v{version}/');
  const bad = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/userinfo', { headers: { authorization: 'Bearer nope' } });
  assert.equal(bad.status, 403);
  assert.equal(bad.text, 'Bad_OAuth_Token');
});

test('the identity URL answers for its own org, fills {version} when asked, and refuses another org', async () => {
  const t = await tokens();
  const path = new URL(t.id ?? '').pathname;
  const res = await requestAsHost(running.origin, 'login.salesforce.com', `${path}?version=60.0`, { headers: { authorization: `Bearer ${t.access_token}` } });
  assert.equal(res.status, 200);
  const body = res.json<Record<string, unknown>>();
  assert.equal(body.id, t.id);
  assert.equal(body.username, 'admin@acme.example');
  assert.equal((body.urls as Record<string, string>).rest, 'https://acme.my.salesforce.com/services/data/v60.0/');
  assert.equal((body.urls as Record<string, string>).partner, `https://acme.my.salesforce.com/services/Soap/u/60.0/${prod.id.slice(0, 15)}`);
  const other = await requestAsHost(running.origin, 'login.salesforce.com', `/id/${sandbox.id}/${sandbox.users[0]?.id}`, { headers: { authorization: `Bearer ${t.access_token}` } });
  assert.equal(other.status, 403);
  assert.equal(other.text, 'Bad_Id');
});

function a360(subjectToken: string, host = 'acme.my.salesforce.com') {
  return requestAsHost(running.origin, host, '/services/a360/token', {
    form: { grant_type: 'urn:salesforce:grant-type:external:cdp', subject_token: subjectToken, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' },
  });
}

test('the Data Cloud exchange returns a tenant token with expires_in', async () => {
  const t = await tokens(app, 'api cdp_query_api');
  const res = await a360(t.access_token ?? '');
  assert.equal(res.status, 200);
  const body = res.json<Record<string, unknown>>();
  assert.deepEqual(Object.keys(body), ['access_token', 'instance_url', 'token_type', 'issued_token_type', 'expires_in']);
  assert.equal(body.token_type, 'Bearer');
  assert.equal(body.issued_token_type, 'urn:ietf:params:oauth:token-type:jwt');
  assert.equal(body.expires_in, 7200);
  assert.match(String(body.instance_url), /^[a-f0-9]+\.c360a\.salesforce\.com$/);
  assert.match(String(body.access_token), /^eyJ/);
});

test('the Data Cloud exchange needs a cdp scope and a live token of the same org', async () => {
  const plain = await tokens(app, 'api');
  assert.equal((await a360(plain.access_token ?? '')).json<{ error: string }>().error, 'invalid_scope');
  assert.equal((await a360('nope')).json<{ error: string }>().error, 'invalid_grant');
  const t = await tokens(app, 'api cdp_query_api');
  assert.equal((await a360(t.access_token ?? '', 'acme--uat.sandbox.my.salesforce.com')).json<{ error: string }>().error, 'invalid_grant');
});
