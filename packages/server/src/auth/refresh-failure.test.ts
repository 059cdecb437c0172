import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import { WebhookTestReceiver } from '../webhooks/webhook-test-receiver.js';
import { startSalesforceFixture, type SalesforceFixture } from '../providers/salesforce/testing/salesforce-test-fixture.js';

let f: SalesforceFixture;
let receiver: WebhookTestReceiver;
before(async () => {
  f = await startSalesforceFixture({ webhookBackoffBaseMs: 20 });
  receiver = await WebhookTestReceiver.start();
  const put = await f.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: false, on_auth_refresh_error: true } });
  assert.equal(put.status, 200);
});
after(async () => {
  await f.close();
  await receiver.close();
});

type ApiError = { error: { code: string; message: string; payload: { error?: string; code?: string; connection?: { credentials: unknown } } } };

async function expectNeedsReauth(key: string, connectionId: string, salesforceDescription: RegExp, code: string) {
  const stored = (await f.t.services.connections.get((await f.t.services.environments.findByName('dev'))!.id, key, connectionId))!;
  const res = await f.t.api(`/connections/${connectionId}?provider_config_key=${key}&force_refresh=true`);
  assert.equal(res.status, 400);
  const body = (await res.json()) as ApiError;
  assert.equal(body.error.code, 'invalid_credentials');
  assert.equal(body.error.payload.error, 'invalid_grant');
  assert.equal(body.error.payload.code, code);
  assert.deepEqual(body.error.payload.connection?.credentials, {});

  // Reads no longer try: 424, without calling Salesforce.
  const log = (await f.sim.control.requestLog()).requests.length;
  const again = await f.t.api(`/connections/${connectionId}?provider_config_key=${key}`);
  assert.equal(again.status, 424);
  assert.equal(((await again.json()) as ApiError).error.code, 'connection_refresh_backoff');
  assert.equal((await f.sim.control.requestLog()).requests.length, log);

  // GET /connections shows the error; the last credentials are kept for diagnosis.
  const list = (await (await f.t.api(`/connections?connectionId=${connectionId}`)).json()) as { connections: { errors: { type: string; code: string; message: string }[] }[] };
  assert.equal(list.connections[0]!.errors.length, 1);
  assert.equal(list.connections[0]!.errors[0]!.type, 'auth');
  assert.equal(list.connections[0]!.errors[0]!.code, code);
  const kept = (await f.t.services.connections.getById(stored.id))!;
  assert.equal(kept.authStatus, 'needs_reauth');
  assert.deepEqual(kept.credentials, stored.credentials);

  // A forced retry fails the same way but does not notify the app a second time.
  const retried = await f.t.api(`/connections/${connectionId}?provider_config_key=${key}&force_refresh=true`);
  assert.equal(retried.status, 400);

  // The app hears about it once: auth webhook, operation refresh, success false.
  await receiver.waitFor((r) => r.received.some((w) => w.json.connectionId === connectionId));
  const { rows } = await f.t.services.db.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where body like $1`, [`%"connectionId":"${connectionId}"%`]);
  assert.equal(rows[0]!.n, 1);
  const hooks = receiver.received.filter((w) => w.json.connectionId === connectionId);
  assert.equal(hooks.length, 1);
  const hook = hooks[0]!.json as { type: string; operation: string; success: boolean; providerConfigKey: string; error: { type: string; description: string } };
  assert.equal(hook.type, 'auth');
  assert.equal(hook.operation, 'refresh');
  assert.equal(hook.success, false);
  assert.equal(hook.providerConfigKey, key);
  assert.equal(hook.error.type, code);
  assert.match(hook.error.description, salesforceDescription);
}

test('a revoked refresh token marks the connection needs_reauth, keeps its credentials and tells the app', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { endUserId: 'revoked' });
  const stored = (await (await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce&refresh_token=true`)).json()) as { credentials: { refresh_token: string } };
  assert.equal(await f.sim.control.revokeTokens({ token: stored.credentials.refresh_token }) > 0, true);
  await expectNeedsReauth('salesforce', connectionId, /expired access\/refresh token/, 'token_err');
});

test('a rotated-out refresh token (used elsewhere) marks the connection needs_reauth', async () => {
  const app = f.sim.sim.createApp(f.prodOrgId, { name: 'rotating', rotateRefreshTokens: true, callbackUrls: [`${f.t.url}/oauth/callback`] });
  const { connectionId } = await connectSalesforce(f.t, f.sim, { integrationKey: 'sf-rotating', app, endUserId: 'rotated-out' });
  const stored = (await (await f.t.api(`/connections/${connectionId}?provider_config_key=sf-rotating&refresh_token=true`)).json()) as { credentials: { refresh_token: string } };
  // Someone else uses the refresh token: Salesforce rotates it, so the one terapi holds is now rotated out.
  const elsewhere = await fetch(`${f.sim.origin}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'login.salesforce.com' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored.credentials.refresh_token, client_id: app.clientId, client_secret: app.clientSecret }),
  });
  assert.equal(elsewhere.status, 200);
  await expectNeedsReauth('sf-rotating', connectionId, /expired access\/refresh token/, 'token_err');
});

test('an inactive user marks the connection needs_reauth with a message that says to reactivate the user', async () => {
  const app = f.sim.sim.createApp(f.prodOrgId, { name: 'leaver', callbackUrls: [`${f.t.url}/oauth/callback`] });
  const { connectionId } = await connectSalesforce(f.t, f.sim, { integrationKey: 'sf-leaver', app, endUserId: 'leaver' });
  const conn = (await (await f.t.api(`/connections/${connectionId}?provider_config_key=sf-leaver`)).json()) as { connection_config: { user_id: string } };
  await f.sim.control.setUserActive(f.prodOrgId, conn.connection_config.user_id, false);
  try {
    await expectNeedsReauth('sf-leaver', connectionId, /inactive/, 'salesforce_inactive_user');
  } finally {
    await f.sim.control.setUserActive(f.prodOrgId, conn.connection_config.user_id, true);
  }
});
