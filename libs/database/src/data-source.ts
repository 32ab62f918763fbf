import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@hirefair/config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`npm run migration:*`). */
export default new DataSource(dataSourceOptions(loadConfig().databaseUrl));
