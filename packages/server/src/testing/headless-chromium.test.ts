// Browser tests skip only on a developer's machine: in CI a missing Chromium fails them (issue 10 point 9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { browserTestsSkipReason, CHROMIUM_PATH } from './headless-chromium.js';
import { testConfig } from './test-config.js';

test('with CI=true the browser tests never skip; without CI they skip only when Chromium is missing', () => {
  assert.equal(browserTestsSkipReason(testConfig({ CI: 'true' })), false);
  assert.equal(browserTestsSkipReason(testConfig({ CI: '1' })), false);
  const local = browserTestsSkipReason(testConfig({}));
  if (existsSync(CHROMIUM_PATH)) assert.equal(local, false);
  else assert.match(String(local), /apt-get install chromium/);
});
