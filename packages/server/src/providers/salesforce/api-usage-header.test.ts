import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiUsageFromSforceLimitInfo, isSalesforceRateLimited } from './api-usage-header.js';

test('Sforce-Limit-Info gives the org daily API usage, whatever other segments it carries (spec/salesforce.md §3.12)', () => {
  assert.deepEqual(apiUsageFromSforceLimitInfo({ 'sforce-limit-info': 'api-usage=18/5000' }), { used: 18, max: 5000 });
  assert.deepEqual(apiUsageFromSforceLimitInfo({ 'sforce-limit-info': 'api-usage=10018/100000; api-bursts=1/750' }), { used: 10018, max: 100000 });
  assert.deepEqual(apiUsageFromSforceLimitInfo({ 'sforce-limit-info': 'per-app-api-usage=17/250(appName=sample-connected-app); api-usage=25/15000' }), { used: 25, max: 15000 });
  assert.equal(apiUsageFromSforceLimitInfo({ 'sforce-limit-info': 'per-app-api-usage=17/250(appName=x)' }), undefined);
  assert.equal(apiUsageFromSforceLimitInfo({}), undefined);
});

test('403 REQUEST_LIMIT_EXCEEDED is a rate limit; other 403s are not (spec/salesforce.md §3.11)', () => {
  assert.equal(isSalesforceRateLimited(403, '[{"message":"ConcurrentRequests (Concurrent API Requests) Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]'), true);
  assert.equal(isSalesforceRateLimited(403, '[{"message":"insufficient access rights","errorCode":"INSUFFICIENT_ACCESS"}]'), false);
  assert.equal(isSalesforceRateLimited(400, 'REQUEST_LIMIT_EXCEEDED'), false);
});
