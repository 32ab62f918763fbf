/**
 * The environment of every test: a database whose name contains "test" and a queue prefix of its
 * own, so tests never touch a developer's data. Values already set (e.g. by CI) win for the servers.
 */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hirefair_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_QUEUE_PREFIX = `hirefair-test-${process.env.TEST_RUN_ID ?? process.ppid}`;

Object.assign(process.env, {
  NODE_ENV: 'test',
  DATABASE_URL: TEST_DATABASE_URL,
  REDIS_URL: TEST_REDIS_URL,
  QUEUE_PREFIX: TEST_QUEUE_PREFIX,
  JWT_SECRET: 'test-secret-test-secret-test-secret',
  DEMO_DATA: 'false',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  PLATFORM_ADMIN_EMAIL: 'platform@hirefair.test',
  PLATFORM_ADMIN_PASSWORD: 'platform-password',
  PUBLIC_BASE_URL: 'http://localhost:3000',
});
delete process.env.SMTP_URL;
