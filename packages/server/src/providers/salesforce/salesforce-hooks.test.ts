import { test } from 'node:test';
import assert from 'node:assert/strict';
import { salesforceHooks } from './salesforce-hooks.js';
import { parseIdentityUrl } from './identity-url.js';

test('an expired session is a 401 INVALID_SESSION_ID, except the 401s a refresh cannot fix', () => {
  const expired = '[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]';
  assert.equal(salesforceHooks.isExpiredSession!(401, expired), true);
  assert.equal(salesforceHooks.isExpiredSession!(401, ''), true);
  assert.equal(salesforceHooks.isExpiredSession!(403, expired), false);
  assert.equal(salesforceHooks.isExpiredSession!(403, 'Bad_OAuth_Token'), true, 'userinfo says so with a 403');
  assert.equal(salesforceHooks.isExpiredSession!(401, '[{"message":"This session is not valid for use with the REST API","errorCode":"INVALID_SESSION_ID"}]'), false);
});

test('the identity URL gives the org and user ids; anything else gives nothing', () => {
  assert.deepEqual(parseIdentityUrl('https://test.salesforce.com/id/00D260000001G7lEAE/00526000004wk0wAAA'), { orgId: '00D260000001G7lEAE', userId: '00526000004wk0wAAA', host: 'test.salesforce.com' });
  assert.equal(parseIdentityUrl('https://login.salesforce.com/id/005x/00D'), undefined);
  assert.equal(parseIdentityUrl(42), undefined);
  assert.equal(parseIdentityUrl('not a url'), undefined);
});

test('a token response learns instance_url with a scheme and the org and user ids', () => {
  const cfg = salesforceHooks.connectionConfigFromTokenResponse!({ id: 'https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS', instance_url: 'tenant.c360a.salesforce.com' }, undefined as never);
  assert.deepEqual(cfg, { org_id: '00Dxx0000001gPLEAY', user_id: '005xx000001SwiUAAS', instance_url: 'https://tenant.c360a.salesforce.com' });
});
