import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import IORedis from 'ioredis';
import { TEST_POSTGRES_URL, TEST_REDIS_URL, runQueuePrefix, templateDatabaseName } from './test-env';

/** Drops this run's databases (template and workers' copies), queue keys and compiled sources. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.TEST_COMPILED_DIR)
    await rm(process.env.TEST_COMPILED_DIR, { recursive: true, force: true });
  const client = new Client({ connectionString: `${TEST_POSTGRES_URL}/postgres` });
  await client.connect();
  const template = templateDatabaseName();
  const ours = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
    [template, `${template}\\_%`],
  );
  for (const { datname } of ours.rows) {
    await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await client.end();
  const redis = new IORedis(TEST_REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${runQueuePrefix()}-*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
