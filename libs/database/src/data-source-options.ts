import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from '@hirefair/core/entities';
import { MIGRATIONS } from './migrations';

/** The one TypeORM configuration: used by the app, the worker, the tests and the migration CLI. */
export function dataSourceOptions(
  databaseUrl: string,
  overrides: { poolSize?: number; applicationName?: string } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: overrides.poolSize ?? 20, application_name: overrides.applicationName ?? 'hirefair' },
  };
}
