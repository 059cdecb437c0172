// Browser tests skip only on a developer's machine: in CI a missing Chromium fails them (issue 10 point 9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { browserTestsSkipReason, CHROMIUM_PATH } from './headless-chromium.js';

test('with CI=true the browser tests never skip; without CI they skip only when Chromium is missing', () => {
  assert.equal(browserTestsSkipReason({ CI: 'true' }), false);
  assert.equal(browserTestsSkipReason({ CI: '1' }), false);
  const local = browserTestsSkipReason({});
  if (existsSync(CHROMIUM_PATH)) assert.equal(local, false);
  else assert.match(String(local), /apt-get install chromium/);
});
