import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export class DatabaseUnreachableError extends Error {}
export class DatabaseLoginRefusedError extends Error {}

/** invalid_password, invalid_authorization_specification (no such role, or pg_hba.conf refuses it). */
const LOGIN_REFUSED = new Set(['28P01', '28000']);

function describe(url: URL): string {
  return `${url.hostname}:${url.port || 5432}`;
}

/** Creates the database named in the URL when it is missing (connecting to the `postgres` database to do so). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    if (LOGIN_REFUSED.has((error as { code?: string }).code ?? '')) {
      const role = decodeURIComponent(url.username) || 'postgres';
      throw new DatabaseLoginRefusedError(
        `PostgreSQL at ${describe(url)} refused the login of role "${role}" (DATABASE_URL): ${(error as Error).message}. ` +
          `Check the user and password in DATABASE_URL (e.g. postgres://postgres:secret@127.0.0.1:5432/hirefair), ` +
          `or create the role: sudo -u postgres createuser --createdb --pwprompt ${role}`,
      );
    }
    throw new DatabaseUnreachableError(
      `Cannot reach PostgreSQL at ${describe(url)} (DATABASE_URL): ${(error as Error).message}. ` +
        `Start it, e.g. "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start" ` +
        `or "docker compose up -d postgres", or point DATABASE_URL at a running server.`,
    );
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created concurrently by another process
        });
    }
  } finally {
    await client.end();
  }
}

/** Creates the database if missing and applies pending migrations; returns their names. */
export async function prepareDatabase(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, { poolSize: 2 }) });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    // Serialize concurrent starters (api and worker booting together) on one session-level advisory lock.
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(7340032)');
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}
