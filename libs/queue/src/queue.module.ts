import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { QueueErrorsLogger } from './queue-errors';
import { ALL_QUEUES } from './queue-name';
import { bullPrefix, redisOptions } from './redis';

const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));

/** Redis connection and every queue, registered once for API and worker alike. */
@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: redisOptions(config.redisUrl),
        prefix: bullPrefix(config.queuePrefix),
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    }),
    queues,
  ],
  providers: [QueueErrorsLogger],
  exports: [queues],
})
export class QueueModule {}
