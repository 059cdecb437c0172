import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { requestAsHost } from '../hosts/request-as-host.js';
import type { SimApp, SimOrg } from '../salesforce-sim.js';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { authorizeForCode, pkcePair } from './oauth-test-flow.js';

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

test('authorize redirects at once with a code and the unchanged state', async () => {
  const { response, query } = await authorizeForCode(running.origin, 'login.salesforce.com', app, { state: 'abc 123', scope: 'api refresh_token' });
  assert.equal(response.status, 302);
  assert.ok(response.headers.location?.startsWith(`${app.callbackUrls[0]}?code=`));
  const code = running.sim.codes.get(query.get('code') ?? '');
  assert.equal(query.get('state'), 'abc 123');
  assert.equal(code?.userId, prod.users[0]?.id);
  assert.equal(code?.scope, 'api refresh_token');
});

test('an unknown client id gets the error page, not a redirect', async () => {
  const { response } = await authorizeForCode(running.origin, 'login.salesforce.com', { clientId: 'nope', callbackUrls: app.callbackUrls });
  assert.equal(response.status, 400);
  assert.equal(response.headers.location, undefined);
  assert.match(response.text, /error=invalid_client_id&amp;error_description=client%20identifier%20invalid/);
});

test('a sandbox app is unknown at login.salesforce.com and known at test.salesforce.com', async () => {
  const sandboxApp = sandbox.apps[0] as SimApp;
  const wrong = await authorizeForCode(running.origin, 'login.salesforce.com', sandboxApp);
  assert.equal(wrong.response.status, 400);
  assert.match(wrong.response.text, /invalid_client_id/);
  const right = await authorizeForCode(running.origin, 'test.salesforce.com', sandboxApp);
  assert.equal(right.response.status, 302);
  assert.ok(right.query.get('code'));
});

test('a redirect_uri that is not a callback URL gets the error page', async () => {
  const { response } = await authorizeForCode(running.origin, 'login.salesforce.com', { clientId: app.clientId, callbackUrls: ['https://evil.example/cb'] });
  assert.equal(response.status, 400);
  assert.match(response.text, /error=redirect_uri_mismatch&amp;error_description=redirect_uri%20must%20match%20configuration/);
});

test('a response_type other than code is redirected as unsupported_response_type', async () => {
  const { response, query } = await authorizeForCode(running.origin, 'login.salesforce.com', app, { response_type: 'token', state: 's' });
  assert.equal(response.status, 302);
  assert.equal(query.get('error'), 'unsupported_response_type');
  assert.equal(query.get('state'), 's');
});

test('an app that requires PKCE rejects an authorize request without a code challenge', async () => {
  const pkceApp = running.sim.createApp(prod.id, { pkceRequired: true });
  const { query } = await authorizeForCode(running.origin, 'login.salesforce.com', pkceApp);
  assert.equal(query.get('error'), 'invalid_request');
  assert.equal(query.get('error_description'), 'missing required code challenge');
  const ok = await authorizeForCode(running.origin, 'login.salesforce.com', pkceApp, { code_challenge: pkcePair().challenge });
  assert.ok(ok.query.get('code'));
});

test('an app set to deny redirects with access_denied', async () => {
  const denying = running.sim.createApp(prod.id, { approval: 'deny' });
  const { response } = await authorizeForCode(running.origin, 'acme.my.salesforce.com', denying, { state: 'xyz' });
  assert.equal(response.status, 302);
  assert.equal(
    response.headers.location,
    `${denying.callbackUrls[0]}?error=access_denied&error_description=end-user+denied+authorization&state=xyz`,
  );
});

test('login_hint picks the user; an unknown or inactive one cannot log in', async () => {
  const second = running.sim.createUser(prod.id, { username: 'second@acme.example' });
  const { query } = await authorizeForCode(running.origin, 'login.salesforce.com', app, { login_hint: 'second@acme.example' });
  assert.equal(running.sim.codes.get(query.get('code') ?? '')?.userId, second.id);
  const unknown = await authorizeForCode(running.origin, 'login.salesforce.com', app, { login_hint: 'ghost@acme.example' });
  assert.equal(unknown.response.status, 200);
  assert.match(unknown.response.text, /Please check your username and password/);
});

test('the consent page posts back; Allow issues a code and Deny redirects with access_denied', async () => {
  const consent = running.sim.createApp(prod.id, { approval: 'consent-page' });
  const page = await authorizeForCode(running.origin, 'login.salesforce.com', consent, { state: 'st' });
  assert.equal(page.response.status, 200);
  assert.match(page.response.text, /<form method="POST" action="\/services\/oauth2\/authorize">/);
  const form = {
    response_type: 'code',
    client_id: consent.clientId,
    redirect_uri: consent.callbackUrls[0] ?? '',
    state: 'st',
    username: 'admin@acme.example',
  };
  const allow = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/authorize', { form: { ...form, decision: 'allow' } });
  assert.equal(allow.status, 302);
  assert.ok(new URL(allow.headers.location ?? '').searchParams.get('code'));
  const deny = await requestAsHost(running.origin, 'login.salesforce.com', '/services/oauth2/authorize', { form: { ...form, decision: 'deny' } });
  assert.equal(new URL(deny.headers.location ?? '').searchParams.get('error'), 'access_denied');
});
