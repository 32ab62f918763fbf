import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import IORedis from 'ioredis';
import { AppConfig } from '@hirefair/config';
import { redisOptions } from '@hirefair/queue';

/**
 * One hit of a client on a limit, atomically: count it (the window starts with the first hit),
 * block the client once over the limit, unblock when the block expires. The script of
 * @nest-lab/throttler-storage-redis (and its keys), sent by its hash instead of as source each time.
 */
const INCREMENT_SCRIPT = `
local hitKey = KEYS[1]
local blockKey = KEYS[2]
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local blockDuration = tonumber(ARGV[3])
local totalHits = redis.call('INCR', hitKey)
local timeToExpire = redis.call('PTTL', hitKey)
if timeToExpire <= 0 then
  redis.call('PEXPIRE', hitKey, ttl)
  timeToExpire = ttl
end
local isBlocked = redis.call('GET', blockKey)
local timeToBlockExpire = 0
if isBlocked then
  timeToBlockExpire = redis.call('PTTL', blockKey)
elseif totalHits > limit then
  redis.call('SET', blockKey, 1, 'PX', blockDuration)
  isBlocked = '1'
  timeToBlockExpire = blockDuration
end
if isBlocked and timeToBlockExpire <= 0 then
  redis.call('DEL', blockKey)
  redis.call('SET', hitKey, 1, 'PX', ttl)
  totalHits = 1
  timeToExpire = ttl
  isBlocked = false
end
return { totalHits, timeToExpire, isBlocked and 1 or 0, timeToBlockExpire }`;

type ThrottleRedis = IORedis & {
  throttleHit(
    hitKey: string,
    blockKey: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<[number, number, number, number]>;
};

/**
 * Rate-limit counters in Redis, so every API process shares one limit per client address. The
 * request path must not wait on Redis: the client queues nothing while Redis is away and gives up
 * on a slow command, and the counters then fall back to this process's memory until Redis answers.
 * The hits of concurrent requests travel to Redis together (auto-pipelining): one write and one
 * read for all the requests of an event-loop turn, instead of one round trip each.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(SharedThrottlerStorage.name);
  private readonly redis: ThrottleRedis;
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
      enableAutoPipelining: true,
    }) as ThrottleRedis;
    this.redis.defineCommand('throttleHit', { numberOfKeys: 2, lua: INCREMENT_SCRIPT });
    this.redis.on('error', () => undefined);
  }

  private async sharedIncrement(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = await this.redis.throttleHit(
      `{${key}:${throttlerName}}:hits`,
      `{${key}:${throttlerName}}:blocked`,
      ttl,
      limit,
      blockDuration,
    );
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const record = await this.sharedIncrement(key, ttl, limit, blockDuration, throttlerName);
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
