// The test harness's own settings, read from the environment scripts/test.mjs prepares (the server's
// configuration is read only by config/config.ts).
export interface TestConfig {
  /** A PostgreSQL where each test file creates its own database. */
  databaseUrl: string | undefined;
  /** pino level for the terapi instances tests start (default silent). */
  logLevel: string;
  /** Running in CI (`CI=true` or `1`, as .ci/run sets): browser tests fail instead of skipping. */
  ci: boolean;
}

export function testConfig(env: NodeJS.ProcessEnv = process.env): TestConfig {
  return { databaseUrl: env.TERAPI_TEST_DATABASE_URL, logLevel: env.TERAPI_TEST_LOG_LEVEL ?? 'silent', ci: env.CI === 'true' || env.CI === '1' };
}
