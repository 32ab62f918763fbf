import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { dataSourceOptions } from './data-source-options';

@Module({})
export class DatabaseModule {
  /** `applicationName` names the sessions in pg_stat_activity (the API's apart from the workers'). */
  static forRoot(applicationName = 'hirefair-api'): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.databaseUrl, { applicationName }),
            retryAttempts: 0,
          }),
        }),
      ],
    };
  }
}
