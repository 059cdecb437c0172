// salesforce-cdp takes Nango's credential shape too: a pre-signed `jwt` (what @nangohq/frontend's auth() and
// existing Nango users send), beside the key material terapi re-signs itself. Once that JWT has expired,
// Salesforce refuses it (invalid_grant) and the connection needs the user: it is marked needs_reauth, the
// app is told once (auth webhook), and the message says why and what to send (issue 9 point 10).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { WebhookTestReceiver } from '../webhooks/webhook-test-receiver.js';
import { createIntegration, jwtApp, postAuth, startSalesforceFixture, type SalesforceFixture } from '../providers/salesforce/testing/salesforce-test-fixture.js';

let f: SalesforceFixture;
let receiver: WebhookTestReceiver;
before(async () => {
  f = await startSalesforceFixture({ webhookBackoffBaseMs: 20 });
  receiver = await WebhookTestReceiver.start();
  const put = await f.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: receiver.url, on_auth_creation: false, on_auth_refresh_error: true } });
  assert.equal(put.status, 200);
  await createIntegration(f.t, 'salesforce-cdp');
});
after(async () => {
  await f.close();
  await receiver.close();
});

type Conn = { credentials: Record<string, unknown>; connection_config: Record<string, unknown>; errors: { type: string; code: string; message: string }[] };
type ApiError = { error: { code: string; message: string; payload: { error?: string; code?: string } } };

/** What a Nango user signs with their own key, valid for `seconds` of the simulator's clock. */
async function preSignedJwt(seconds: number) {
  const org = f.sim.sim.getOrg(f.prodOrgId)!;
  const { app, privateKeyPem } = jwtApp(f.sim, f.prodOrgId, { preAuthorizedUsers: [org.users[0]!.username], scopes: ['api', 'cdp_query_api'] });
  const now = Math.floor(f.sim.sim.now() / 1000);
  const jwt = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(app.clientId)
    .setSubject(org.users[0]!.username)
    .setAudience('https://login.salesforce.com')
    .setIssuedAt(now)
    .setExpirationTime(now + seconds)
    .sign(createPrivateKey(privateKeyPem));
  return { jwt, app, org, privateKeyPem };
}

test('a pre-signed jwt alone makes a Data Cloud connection; neither it nor the key material is a 400 naming both', async () => {
  const { jwt, org } = await preSignedJwt(3600);
  const res = await postAuth(f.t, '/auth/two-step', 'salesforce-cdp', { type: 'TWO_STEP', jwt });
  assert.equal(res.status, 200, await res.clone().text());
  const { connectionId } = (await res.json()) as { connectionId: string };
  const conn = (await (await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce-cdp`)).json()) as Conn;
  assert.match(String(conn.connection_config.instance_url), /^https:\/\/[a-z0-9]+\.c360a\.salesforce\.com$/);
  assert.equal(conn.connection_config.org_id, org.id);

  const empty = await postAuth(f.t, '/auth/two-step', 'salesforce-cdp', { type: 'TWO_STEP' });
  assert.equal(empty.status, 400);
  const body = (await empty.json()) as ApiError;
  assert.equal(body.error.code, 'invalid_body');
  assert.match(body.error.message, /Private Key \(privateKey\) is required \(or Pre-signed JWT in jwt\)/);

  const notAJwt = await postAuth(f.t, '/auth/jwt', 'salesforce-cdp', { jwt: 'not a jwt' });
  assert.equal(notAJwt.status, 400);
  assert.equal(((await notAJwt.json()) as ApiError).error.code, 'invalid_body');
});

test('once the pre-signed jwt has expired, the refresh marks the connection needs_reauth and tells the app why, once', async () => {
  const { jwt } = await preSignedJwt(600);
  const res = await postAuth(f.t, '/auth/jwt', 'salesforce-cdp', { jwt });
  assert.equal(res.status, 200, await res.clone().text());
  const { connectionId } = (await res.json()) as { connectionId: string };

  // 15 minutes on: the JWT's exp and Salesforce's 3-minute skew have passed, and the Data Cloud token is due.
  await f.sim.control.advanceClock(15 * 60_000);
  await f.t.services.db.query(`update connections set token_expires_at = now() - interval '1 minute' where connection_id = $1`, [connectionId]);
  const read = await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce-cdp`);
  assert.equal(read.status, 400);
  const refused = (await read.json()) as ApiError;
  assert.equal(refused.error.code, 'invalid_credentials');
  assert.equal(refused.error.payload.error, 'invalid_grant');
  assert.equal(refused.error.payload.code, 'presigned_jwt_expired');
  assert.match(refused.error.message, /pre-signed JWT of this connection .*expired.*Send a new JWT.*private key/);

  const again = await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce-cdp`);
  assert.equal(again.status, 424);
  assert.equal(((await again.json()) as ApiError).error.code, 'connection_refresh_backoff');
  const list = (await (await f.t.api(`/connections?connectionId=${connectionId}`)).json()) as { connections: Conn[] };
  assert.deepEqual(
    list.connections[0]!.errors.map((e) => [e.type, e.code]),
    [['auth', 'presigned_jwt_expired']],
  );

  await receiver.waitFor((r) => r.received.some((w) => w.json.connectionId === connectionId));
  const hooks = receiver.received.filter((w) => w.json.connectionId === connectionId);
  assert.equal(hooks.length, 1);
  const hook = hooks[0]!.json as { operation: string; success: boolean; error: { type: string; description: string } };
  assert.deepEqual([hook.operation, hook.success, hook.error.type], ['refresh', false, 'presigned_jwt_expired']);
  assert.match(hook.error.description, /pre-signed JWT .* expired/);
});
