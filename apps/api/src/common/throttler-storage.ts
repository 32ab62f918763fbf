import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import IORedis from 'ioredis';
import { AppConfig } from '@hirefair/config';
import { redisOptions } from '@hirefair/queue';

/**
 * Rate-limit counters in Redis, so every API process shares one limit per client address. The
 * request path must not wait on Redis: the client queues nothing while Redis is away and gives up
 * on a slow command, and the counters then fall back to this process's memory until Redis answers.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(SharedThrottlerStorage.name);
  private readonly redis: IORedis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private degraded = false;

  constructor(config: AppConfig) {
    this.redis = new IORedis({
      ...redisOptions(config.redisUrl),
      // Processes of one install share counters; an install (or a test app) with another limit does not.
      keyPrefix: `${config.queuePrefix}:throttle:${config.publicRateLimit}:`,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
    });
    this.redis.on('error', () => undefined);
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
      if (this.degraded) this.logger.log('Rate limits are shared through Redis again');
      this.degraded = false;
      return record;
    } catch (error) {
      if (!this.degraded) {
        this.logger.warn(
          `Rate limits fall back to this process while Redis fails: ${(error as Error).message}`,
        );
      }
      this.degraded = true;
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
    this.redis.disconnect();
  }
}
