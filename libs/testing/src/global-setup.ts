import { Client } from 'pg';
import { prepareDatabase } from '../../database/src/prepare-database';
import { TEST_DATABASE_PREFIX, TEST_POSTGRES_URL, testDatabaseUrl } from './test-env';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Creates this run's test database from the migrations, after dropping those of runs that died. */
export default async function globalSetup(): Promise<void> {
  process.env.TEST_RUN_ID ??= String(process.pid);
  const client = new Client({ connectionString: `${TEST_POSTGRES_URL}/postgres` });
  await client.connect();
  const stale = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1`,
    [`${TEST_DATABASE_PREFIX}%`],
  );
  for (const { datname } of stale.rows) {
    const pid = Number(datname.slice(TEST_DATABASE_PREFIX.length));
    if (pid === Number(process.env.TEST_RUN_ID) || (Number.isInteger(pid) && !alive(pid))) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  }
  await client.end();
  await prepareDatabase(testDatabaseUrl());
}
