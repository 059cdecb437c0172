import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidId18 } from './ids/salesforce-id.js';
import { SalesforceSim } from './salesforce-sim.js';

function simWithSession() {
  const sim = new SalesforceSim();
  const org = sim.createOrg({ name: 'acme', site: true });
  const other = sim.createOrg({ name: 'globex' });
  const user = sim.createUser(org.id, { username: 'admin@acme.example' });
  const app = sim.createApp(org.id);
  const now = sim.now();
  const token = sim.tokens.issueAccess({
    orgId: org.id, userId: user.id, clientId: app.clientId, scope: 'api', issuedAt: now, expiresAt: now + 1000, family: 'f',
  });
  return { sim, org, other, user, token };
}

const INVALID = {
  status: 401,
  headers: { 'www-authenticate': 'Token', 'content-type': 'application/json;charset=UTF-8' },
  body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
};

test('orgs and users get 18-char ids with valid checksums and the right prefixes', () => {
  const { org, user } = simWithSession();
  assert.ok(org.id.startsWith('00D') && isValidId18(org.id));
  assert.ok(user.id.startsWith('005') && isValidId18(user.id));
});

test('hosts resolve to login, test, My Domain, site and bare; others are unknown', () => {
  const { sim, org } = simWithSession();
  assert.deepEqual(sim.resolveHost('login.salesforce.com:443'), { kind: 'login' });
  assert.deepEqual(sim.resolveHost('test.salesforce.com'), { kind: 'test' });
  assert.deepEqual(sim.resolveHost('ACME.my.salesforce.com'), { kind: 'my-domain', org });
  assert.deepEqual(sim.resolveHost('acme.my.site.com'), { kind: 'site', org });
  assert.deepEqual(sim.resolveHost('127.0.0.1:9100'), { kind: 'bare' });
  assert.equal(sim.resolveHost('nobody.my.salesforce.com'), undefined);
});

test('a live token authenticates on its own My Domain, its site and the bare origin, as Bearer or OAuth', () => {
  const { sim, org, user, token } = simWithSession();
  assert.deepEqual(sim.authenticateRest({ authorization: `Bearer ${token.value}` }, 'acme.my.salesforce.com'), { org, user });
  assert.deepEqual(sim.authenticateRest({ authorization: `OAuth ${token.value}` }, 'localhost:1234'), { org, user });
  assert.deepEqual(sim.authenticateRest({ authorization: `Bearer ${token.value}` }, 'acme.my.site.com'), { org, user });
});

test('a token on another org or on a login host, or none at all, is 401 INVALID_SESSION_ID', () => {
  const { sim, token } = simWithSession();
  assert.deepEqual(sim.authenticateRest({ authorization: `Bearer ${token.value}` }, 'globex.my.salesforce.com'), INVALID);
  assert.deepEqual(sim.authenticateRest({ authorization: `Bearer ${token.value}` }, 'login.salesforce.com'), INVALID);
  assert.deepEqual(sim.authenticateRest({}, 'acme.my.salesforce.com'), INVALID);
});

test('an expired session, a revoked token or a deactivated user is 401 INVALID_SESSION_ID', () => {
  const expired = simWithSession();
  expired.sim.advanceClock(1000);
  assert.deepEqual(expired.sim.authenticateRest({ authorization: `Bearer ${expired.token.value}` }, 'acme.my.salesforce.com'), INVALID);
  const revoked = simWithSession();
  revoked.sim.tokens.revoke(revoked.token);
  assert.deepEqual(revoked.sim.authenticateRest({ authorization: `Bearer ${revoked.token.value}` }, 'acme.my.salesforce.com'), INVALID);
  const inactive = simWithSession();
  inactive.sim.setUserActive(inactive.org.id, inactive.user.id, false);
  assert.deepEqual(inactive.sim.authenticateRest({ authorization: `Bearer ${inactive.token.value}` }, 'acme.my.salesforce.com'), INVALID);
});

test('access tokens start with the 15-char org id and a bang', () => {
  const { org, token } = simWithSession();
  assert.ok(token.value.startsWith(`${org.id.slice(0, 15)}!`));
});
