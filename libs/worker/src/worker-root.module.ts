import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, AppConfigModule, workerLoggerParams } from '@hirefair/config';
import { DatabaseModule } from '@hirefair/database';
import { QueueModule } from '@hirefair/queue';
import { WorkerModule } from './worker.module';

/** The worker process: no HTTP, just configuration, database, queues and the workers. */
@Module({})
export class WorkerRootModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerRootModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(workerLoggerParams(config)),
        DatabaseModule.forRoot('hirefair-worker'),
        QueueModule,
        WorkerModule,
      ],
    };
  }
}
