import { Client } from 'pg';
import IORedis from 'ioredis';
import { TEST_POSTGRES_URL, TEST_REDIS_URL, testDatabaseUrl, testQueuePrefix } from './test-env';

/** Drops this run's database and queue keys. */
export default async function globalTeardown(): Promise<void> {
  const client = new Client({ connectionString: `${TEST_POSTGRES_URL}/postgres` });
  await client.connect();
  await client.query(
    `DROP DATABASE IF EXISTS "${new URL(testDatabaseUrl()).pathname.slice(1)}" WITH (FORCE)`,
  );
  await client.end();
  const redis = new IORedis(TEST_REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${testQueuePrefix()}}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
