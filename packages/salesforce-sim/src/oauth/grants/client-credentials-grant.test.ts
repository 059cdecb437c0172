import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { requestAsHost } from '../../hosts/request-as-host.js';
import type { SimApp, SimOrg } from '../../salesforce-sim.js';
import { startSalesforceSim, type RunningSalesforceSim } from '../../start-salesforce-sim.js';

let running: RunningSalesforceSim;
let prod: SimOrg;

before(async () => {
  running = await startSalesforceSim();
  prod = [...running.sim.orgs.values()][0] as SimOrg;
});
after(() => running.close());

function clientCredentials(app: SimApp, host = 'acme.my.salesforce.com') {
  return requestAsHost(running.origin, host, '/services/oauth2/token', {
    form: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret },
  });
}

test('client credentials on the My Domain gives a session of the Run-As user, no refresh token, id on the org domain', async () => {
  const runAs = prod.users[0];
  const app = running.sim.createApp(prod.id, { clientCredentialsEnabled: true, clientCredentialsUser: runAs?.username ?? '' });
  const res = await clientCredentials(app);
  assert.equal(res.status, 200);
  const body = res.json<Record<string, string>>();
  assert.deepEqual(Object.keys(body), ['access_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
  assert.equal(body.id, `https://acme.my.salesforce.com/id/${prod.id}/${runAs?.id}`);
  assert.equal(body.scope, 'api id');
  const session = running.sim.authenticateRest({ authorization: `Bearer ${body.access_token}` }, 'acme.my.salesforce.com');
  assert.equal('user' in session ? session.user.id : undefined, runAs?.id);
});

test('client credentials on login or test.salesforce.com: request not supported on this domain', async () => {
  const app = running.sim.createApp(prod.id, { clientCredentialsEnabled: true, clientCredentialsUser: prod.users[0]?.id ?? '' });
  for (const host of ['login.salesforce.com', 'test.salesforce.com', '127.0.0.1']) {
    const res = await clientCredentials(app, host);
    assert.equal(res.status, 400);
    assert.deepEqual(res.json(), { error: 'invalid_grant', error_description: 'request not supported on this domain' });
  }
});

test('client credentials needs the flow enabled and a Run-As user', async () => {
  const disabled = running.sim.createApp(prod.id);
  assert.deepEqual((await clientCredentials(disabled)).json(), { error: 'invalid_grant', error_description: 'client credentials flow not enabled' });
  const noUser = running.sim.createApp(prod.id, { clientCredentialsEnabled: true });
  assert.deepEqual((await clientCredentials(noUser)).json(), { error: 'invalid_grant', error_description: 'no client credentials user enabled' });
  assert.deepEqual((await clientCredentials({ ...noUser, clientSecret: 'x' })).json(), { error: 'invalid_client', error_description: 'invalid client credentials' });
});
