import type { Config } from '@jest/types';
import { readdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Client } from 'pg';
import { prepareDatabase } from '../../database/src/prepare-database';
import { compileSources, compiledSourcesDir } from './compiled-sources';
import {
  TEST_DATABASE_PREFIX,
  TEST_POSTGRES_URL,
  templateDatabaseName,
  workerDatabaseName,
} from './test-env';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A fresh copy of the template; retried while the server still counts the migration's closed sessions. */
async function cloneDatabase(client: Client, template: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
      return;
    } catch (error) {
      // 55006: source database is being accessed by other users
      if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Compiled copies left by runs that died. */
async function removeStaleCompiledSources(runId: string): Promise<void> {
  const parent = dirname(compiledSourcesDir(runId));
  const runs = await readdir(parent).catch(() => [] as string[]);
  for (const run of runs) {
    if (/^\d+$/.test(run) && !alive(Number(run))) {
      await rm(`${parent}/${run}`, { recursive: true, force: true });
    }
  }
}

/**
 * Migrates this run's database once, then clones it for every Jest worker (CREATE DATABASE ...
 * TEMPLATE copies files, far faster than migrating each), after dropping those of runs that died;
 * compiles the sources once for the processes that tests start.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  process.env.TEST_RUN_ID ??= String(process.pid);
  const runId = process.env.TEST_RUN_ID;
  process.env.TEST_COMPILED_DIR = compiledSourcesDir(runId);
  await removeStaleCompiledSources(runId);
  const compiled = compileSources(process.env.TEST_COMPILED_DIR);
  const client = new Client({ connectionString: `${TEST_POSTGRES_URL}/postgres` });
  await client.connect();
  try {
    const stale = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEST_DATABASE_PREFIX}%`],
    );
    for (const { datname } of stale.rows) {
      const pid = Number(/^\d+/.exec(datname.slice(TEST_DATABASE_PREFIX.length))?.[0]);
      if (pid === Number(runId) || (Number.isInteger(pid) && !alive(pid))) {
        await client.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`);
      }
    }
    const template = templateDatabaseName(runId);
    await prepareDatabase(`${TEST_POSTGRES_URL}/${template}`);
    const workers = Math.max(1, globalConfig.maxWorkers);
    for (let worker = 1; worker <= workers; worker++) {
      await cloneDatabase(client, template, workerDatabaseName(worker, runId));
    }
  } finally {
    await client.end();
    await compiled;
  }
}
