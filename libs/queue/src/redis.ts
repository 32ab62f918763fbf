import IORedis, { RedisOptions } from 'ioredis';

export class RedisUnreachableError extends Error {}

export function redisOptions(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers block on Redis; they must not give up on a command while Redis restarts.
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
  };
}

/** The BullMQ key prefix, in a hash tag so every key of one queue lands in one Redis Cluster slot. */
export const bullPrefix = (queuePrefix: string): string => `{${queuePrefix}}`;

/** Fails fast, naming the address and how to start Redis, when Redis does not answer. */
export async function assertRedisReachable(redisUrl: string): Promise<void> {
  const url = new URL(redisUrl);
  const client = new IORedis({
    ...redisOptions(redisUrl),
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    lazyConnect: true,
    connectTimeout: 3000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const message = (error as Error).message;
    if (/^(NOAUTH|WRONGPASS)/.test(message)) {
      throw new RedisUnreachableError(
        `Redis at ${url.hostname}:${url.port || 6379} refused the credentials (REDIS_URL): ${message}. ` +
          `Put the password in REDIS_URL, e.g. redis://:secret@127.0.0.1:6379 or redis://user:secret@127.0.0.1:6379.`,
      );
    }
    throw new RedisUnreachableError(
      `Cannot reach Redis at ${url.hostname}:${url.port || 6379} (REDIS_URL): ${(error as Error).message}. ` +
        `Start it, e.g. "redis-server --daemonize yes --bind 127.0.0.1 --port 6379" or "docker compose up -d redis", ` +
        `or point REDIS_URL at a running server.`,
    );
  } finally {
    client.disconnect();
  }
}
