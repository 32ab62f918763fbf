import { Client } from 'pg';
import IORedis from 'ioredis';
import { prepareDatabase } from '../../database/src/prepare-database';
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from './test-env';

/** Recreates the test database from the migrations and clears this run's queue keys. */
export default async function globalSetup(): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  if (!name.includes('test'))
    throw new Error(`Refusing to reset ${name}: a test database name must contain "test"`);
  const admin = new URL(TEST_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  await prepareDatabase(TEST_DATABASE_URL);

  const redis = new IORedis(TEST_REDIS_URL);
  const keys = await redis.keys(`{${TEST_QUEUE_PREFIX}}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}
