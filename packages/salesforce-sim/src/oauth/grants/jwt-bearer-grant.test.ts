import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { requestAsHost } from '../../hosts/request-as-host.js';
import type { SimApp, SimOrg } from '../../salesforce-sim.js';
import { startSalesforceSim, type RunningSalesforceSim } from '../../start-salesforce-sim.js';

let running: RunningSalesforceSim;
let prod: SimOrg;
let sandbox: SimOrg;
let privateKey: CryptoKey;
let publicPem: string;

before(async () => {
  running = await startSalesforceSim();
  [prod, sandbox] = [...running.sim.orgs.values()] as [SimOrg, SimOrg];
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
});
after(() => running.close());

async function assertion(claims: { iss: string; sub: string; aud: string; exp?: number }, key: CryptoKey = privateKey): Promise<string> {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(claims.iss).setSubject(claims.sub).setAudience(claims.aud);
  return jwt.setExpirationTime(claims.exp ?? Math.floor(running.sim.now() / 1000) + 120).sign(key);
}

function jwtGrant(host: string, jwt: string) {
  return requestAsHost(running.origin, host, '/services/oauth2/token', {
    form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt },
  });
}

function jwtApp(org: SimOrg, preAuthorized = true): SimApp {
  const user = org.users[0]?.username ?? '';
  return running.sim.createApp(org.id, { certificatePem: publicPem, preAuthorizedUsers: preAuthorized ? [user] : [] });
}

test('a signed assertion for a pre-authorized user gets a session without refresh token', async () => {
  const app = jwtApp(prod);
  const user = prod.users[0];
  const res = await jwtGrant('login.salesforce.com', await assertion({ iss: app.clientId, sub: user?.username ?? '', aud: 'https://login.salesforce.com' }));
  assert.equal(res.status, 200);
  const body = res.json<Record<string, string>>();
  assert.equal(body.refresh_token, undefined);
  assert.equal(body.instance_url, 'https://acme.my.salesforce.com');
  assert.equal(body.id, `https://login.salesforce.com/id/${prod.id}/${user?.id}`);
  assert.equal(body.token_type, 'Bearer');
  assert.ok(body.access_token?.startsWith(prod.id.slice(0, 15)));
});

test('a sandbox assertion needs aud test.salesforce.com and the test host', async () => {
  const app = jwtApp(sandbox);
  const sub = sandbox.users[0]?.username ?? '';
  const ok = await jwtGrant('test.salesforce.com', await assertion({ iss: app.clientId, sub, aud: 'https://test.salesforce.com' }));
  assert.equal(ok.status, 200);
  const wrongAud = await jwtGrant('test.salesforce.com', await assertion({ iss: app.clientId, sub, aud: 'https://login.salesforce.com' }));
  assert.deepEqual(wrongAud.json(), { error: 'invalid_grant', error_description: 'audience is invalid' });
  const wrongHost = await jwtGrant('login.salesforce.com', await assertion({ iss: app.clientId, sub, aud: 'https://login.salesforce.com' }));
  assert.deepEqual(wrongHost.json(), { error: 'invalid_client_id', error_description: 'client identifier invalid' });
});

test("a user who never approved the app: user hasn't approved this consumer", async () => {
  const app = jwtApp(prod, false);
  const res = await jwtGrant('login.salesforce.com', await assertion({ iss: app.clientId, sub: prod.users[0]?.username ?? '', aud: 'https://login.salesforce.com' }));
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), { error: 'invalid_grant', error_description: "user hasn't approved this consumer" });
});

test('exp more than 3 minutes past is expired authorization code; within the skew it passes', async () => {
  const app = jwtApp(prod);
  const sub = prod.users[0]?.username ?? '';
  const nowS = Math.floor(running.sim.now() / 1000);
  const stale = await jwtGrant('login.salesforce.com', await assertion({ iss: app.clientId, sub, aud: 'https://login.salesforce.com', exp: nowS - 240 }));
  assert.deepEqual(stale.json(), { error: 'invalid_grant', error_description: 'expired authorization code' });
  const skewed = await jwtGrant('login.salesforce.com', await assertion({ iss: app.clientId, sub, aud: 'https://login.salesforce.com', exp: nowS - 60 }));
  assert.equal(skewed.status, 200);
});

test('a signature by another key or a non-RS256 assertion is invalid assertion; an unknown iss invalid_client_id', async () => {
  const app = jwtApp(prod);
  const sub = prod.users[0]?.username ?? '';
  const other = (await generateKeyPair('RS256')).privateKey;
  const forged = await jwtGrant('login.salesforce.com', await assertion({ iss: app.clientId, sub, aud: 'https://login.salesforce.com' }, other));
  assert.deepEqual(forged.json(), { error: 'invalid_grant', error_description: 'invalid assertion' });
  const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(app.clientId).sign(new Uint8Array(32));
  assert.deepEqual((await jwtGrant('login.salesforce.com', hs)).json(), { error: 'invalid_grant', error_description: 'invalid assertion' });
  const unknown = await jwtGrant('login.salesforce.com', await assertion({ iss: 'nope', sub, aud: 'https://login.salesforce.com' }));
  assert.deepEqual(unknown.json(), { error: 'invalid_client_id', error_description: 'client identifier invalid' });
});

test('on an Experience Cloud site the audience is the site URL', async () => {
  const app = jwtApp(prod);
  const sub = prod.users[0]?.username ?? '';
  const res = await jwtGrant('acme.my.site.com', await assertion({ iss: app.clientId, sub, aud: 'https://acme.my.site.com' }));
  assert.equal(res.status, 200);
  assert.equal(res.json<Record<string, string>>().sfdc_community_url, 'https://acme.my.site.com');
});

test('an interactive approval lets the user use JWT bearer afterwards', async () => {
  const app = jwtApp(prod, false);
  const user = prod.users[0];
  if (!user) throw new Error('no user');
  running.sim.recordApproval(app, user);
  const res = await jwtGrant('login.salesforce.com', await assertion({ iss: app.clientId, sub: user.username, aud: 'https://login.salesforce.com' }));
  assert.equal(res.status, 200);
});
