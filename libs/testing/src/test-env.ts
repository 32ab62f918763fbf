/**
 * The environment of every test: a database whose name contains "test" and a queue prefix, both
 * private to one Jest worker of one `jest` run (TEST_RUN_ID, set by the global setup, and
 * JEST_WORKER_ID), so that workers and runs side by side and a developer's data never meet.
 * TEST_POSTGRES_URL / TEST_REDIS_URL point at other servers.
 */
export const testRunId = (): string => process.env.TEST_RUN_ID ?? String(process.pid);
export const testWorkerId = (): string => process.env.JEST_WORKER_ID ?? '1';
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_DATABASE_PREFIX = 'hirefair_test_';
/** The run's migrated database, cloned once per worker. */
export const templateDatabaseName = (runId = testRunId()): string => `${TEST_DATABASE_PREFIX}${runId}`;
export const workerDatabaseName = (worker: string | number, runId = testRunId()): string =>
  `${templateDatabaseName(runId)}_${worker}`;
export const testDatabaseUrl = (): string => `${TEST_POSTGRES_URL}/${workerDatabaseName(testWorkerId())}`;
/** Every worker's prefix of one run starts with the run's. */
export const runQueuePrefix = (runId = testRunId()): string => `hirefair-test-${runId}`;
export const testQueuePrefix = (): string => `${runQueuePrefix()}-${testWorkerId()}`;

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

/** This worker's database URL and queue prefix (valid in test files, where TEST_RUN_ID is already set). */
export const TEST_DATABASE_URL = testDatabaseUrl();
export const TEST_QUEUE_PREFIX = testQueuePrefix();
