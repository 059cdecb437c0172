import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import { startSalesforceFixture, type SalesforceFixture } from '../providers/salesforce/testing/salesforce-test-fixture.js';

let f: SalesforceFixture;
before(async () => {
  f = await startSalesforceFixture();
});
after(() => f.close());

async function storedTokens(connectionId: string) {
  const res = await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce&refresh_token=true`);
  return ((await res.json()) as { credentials: { access_token: string; refresh_token: string } }).credentials;
}

test('deleting a connection revokes its refresh token at Salesforce (and with it the access token) and removes the credentials', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { endUserId: 'delete-me' });
  const tokens = await storedTokens(connectionId);
  const res = await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce`, { method: 'DELETE' });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { success: true });
  const revokes = (await f.sim.control.requestLog()).requests.filter((r) => r.endpoint === 'oauth2.revoke');
  assert.equal(revokes.length, 1);
  assert.equal(revokes[0]!.status, 200);
  assert.equal(revokes[0]!.host.split(':')[0], 'login.salesforce.com');
  for (const token of [tokens.access_token, tokens.refresh_token]) {
    assert.equal(f.sim.sim.tokens.isLive(f.sim.sim.tokens.get(token)!, f.sim.sim.now()), false);
  }
  const { rows } = await f.t.services.db.query('select 1 from connections where connection_id = $1', [connectionId]);
  assert.equal(rows.length, 0);
  const gone = await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce`);
  assert.equal(gone.status, 404);
});

test('a revocation Salesforce refuses or cannot answer does not block the deletion', async () => {
  const { connectionId } = await connectSalesforce(f.t, f.sim, { endUserId: 'delete-anyway' });
  await f.sim.control.addFault({ match: { pathPrefix: '/services/oauth2/revoke' }, effect: { status: 503, body: 'down' }, times: 1 });
  const res = await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce`, { method: 'DELETE' });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { success: true });
  const again = await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce`, { method: 'DELETE' });
  assert.equal(again.status, 400);
  assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'unknown_connection');
});
