// An org whose admin set the session timeout to 15 minutes (or 5): its tokens live no longer than the
// default 15-minute refresh margin, so a fixed margin made every read a refresh (issue 9 point 10). The
// margin scales with the token's lifetime (refresh-margin.ts); reads within the session refresh nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import { requestCounts, startSalesforceFixture, type SalesforceFixture } from '../providers/salesforce/testing/salesforce-test-fixture.js';
import { refreshMarginMs } from './refresh-margin.js';

let f: SalesforceFixture;
before(async () => {
  f = await startSalesforceFixture();
});
after(() => f.close());

for (const sessionSeconds of [900, 300]) {
  test(`50 reads of a connection to an org with ${sessionSeconds} s sessions make at most one refresh`, async () => {
    const org = f.sim.sim.orgs.get(f.prodOrgId)!;
    const usual = org.sessionSeconds;
    org.sessionSeconds = sessionSeconds;
    try {
      const { connectionId } = await connectSalesforce(f.t, f.sim, { endUserId: `session-${sessionSeconds}` });
      const before = await requestCounts(f.sim);
      for (let i = 0; i < 50; i++) {
        const res = await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce`);
        assert.equal(res.status, 200, await res.text());
      }
      const after = await requestCounts(f.sim);
      const refreshes = (after['oauth2.token:refresh_token'] ?? 0) - (before['oauth2.token:refresh_token'] ?? 0);
      assert.ok(refreshes <= 1, `${refreshes} refreshes for 50 reads`);
      const conn = (await (await f.t.api(`/connections/${connectionId}?provider_config_key=salesforce`)).json()) as { token_expires_at: string | null };
      assert.ok(conn.token_expires_at && Date.parse(conn.token_expires_at) <= Date.now() + sessionSeconds * 1000, 'the short session end was learnt');
    } finally {
      org.sessionSeconds = usual;
    }
  });
}

test('the margin is the configured one for long-lived tokens and a quarter of the lifetime for short ones', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
  assert.equal(refreshMarginMs(900, at(0), at(7200)), 900_000);
  assert.equal(refreshMarginMs(900, at(0), at(900)), 225_000);
  assert.equal(refreshMarginMs(900, at(0), at(300)), 75_000);
  assert.equal(refreshMarginMs(900, null, at(300)), 900_000);
  assert.equal(refreshMarginMs(900, at(300), at(0)), 900_000);
});
