import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import { RefreshSweep } from './refresh-sweep.js';
import { requestCounts, startSalesforceFixture, type SalesforceFixture } from '../providers/salesforce/testing/salesforce-test-fixture.js';

let f: SalesforceFixture;
before(async () => {
  f = await startSalesforceFixture();
});
after(() => f.close());

const tokenOf = async (connectionId: string) =>
  ((await (await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce`)).json()) as { credentials: { access_token: string } }).credentials.access_token;

test('a sweep refreshes the connections about to expire, and leaves fresh and needs_reauth ones alone', async () => {
  const expiring = (await connectSalesforce(f.t, f.sim, { endUserId: 'expiring' })).connectionId;
  const fresh = (await connectSalesforce(f.t, f.sim, { endUserId: 'fresh' })).connectionId;
  const broken = (await connectSalesforce(f.t, f.sim, { endUserId: 'broken' })).connectionId;
  const before = { expiring: await tokenOf(expiring), fresh: await tokenOf(fresh) };
  const db = f.t.services.db;
  // A two-hour session issued 115 minutes ago (the margin scales with the lifetime, refresh-margin.ts).
  const nearEnd = `token_expires_at = now() + interval '5 minutes', last_refresh_at = now() - interval '115 minutes'`;
  await db.query(`update connections set ${nearEnd} where connection_id = $1`, [expiring]);
  await db.query(`update connections set ${nearEnd}, auth_status = 'needs_reauth' where connection_id = $1`, [broken]);
  const counts = await requestCounts(f.sim);

  const sweep = new RefreshSweep({ connections: f.t.services.connections, credentials: f.t.services.credentials, logger: pino({ level: 'silent' }) });
  assert.equal(await sweep.sweepOnce(), 1);
  const after = await requestCounts(f.sim);
  assert.equal((after['oauth2.token:refresh_token'] ?? 0) - (counts['oauth2.token:refresh_token'] ?? 0), 1);
  assert.notEqual(await tokenOf(expiring), before.expiring);
  assert.equal(await tokenOf(fresh), before.fresh);
  // Once refreshed (and its new expiry learnt), a second pass has nothing to do.
  assert.equal(await sweep.sweepOnce(), 0);
});
