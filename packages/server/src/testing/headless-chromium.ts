// Browser-facing pages are tested in a real headless Chromium (Debian's `chromium`, driven by playwright-core).
// The flags are those this machine needs: no sandbox as root, no background networking on a closed network.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { testConfig, type TestConfig } from './test-config.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Why the browser tests are skipped, or false to run them. A developer without Chromium skips them; CI
 * (`CI=true`, as .ci/run runs) never does, so a Chromium that could not be installed fails the run.
 */
export function browserTestsSkipReason(config: Pick<TestConfig, 'ci'> = testConfig()): string | false {
  if (existsSync(CHROMIUM_PATH)) return false;
  if (config.ci) return false;
  return 'Debian chromium is not installed (apt-get install chromium)';
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: the browser tests need Debian's chromium (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
