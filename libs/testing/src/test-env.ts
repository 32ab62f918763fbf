/**
 * The environment of every test: a database whose name contains "test" and a queue prefix, both
 * private to one `jest` run (TEST_RUN_ID, set by the global setup), so that runs side by side and a
 * developer's data never meet. TEST_POSTGRES_URL / TEST_REDIS_URL point at other servers.
 */
export const testRunId = (): string => process.env.TEST_RUN_ID ?? String(process.pid);
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_DATABASE_PREFIX = 'hirefair_test_';
export const testDatabaseUrl = (): string => `${TEST_POSTGRES_URL}/${TEST_DATABASE_PREFIX}${testRunId()}`;
export const testQueuePrefix = (): string => `hirefair-test-${testRunId()}`;

export function applyTestEnv(): void {
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: testQueuePrefix(),
    JWT_SECRET: 'test-secret-test-secret-test-secret',
    DEMO_DATA: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PLATFORM_ADMIN_EMAIL: 'platform@hirefair.test',
    PLATFORM_ADMIN_PASSWORD: 'platform-password',
    PUBLIC_BASE_URL: 'http://localhost:3000',
  });
  delete process.env.SMTP_URL;
}

if (process.env.TEST_RUN_ID) applyTestEnv();

/** This run's database URL and queue prefix (valid in test files, where TEST_RUN_ID is already set). */
export const TEST_DATABASE_URL = testDatabaseUrl();
export const TEST_QUEUE_PREFIX = testQueuePrefix();
