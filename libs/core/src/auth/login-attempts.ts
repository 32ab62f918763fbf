import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { redisOptions } from '@hirefair/queue';
import { DomainError, ErrorKind } from '../common/domain-error';
import { hashSecret } from '../common/tokens';

/**
 * Takes one attempt from the account's budget before the password is checked, so concurrent
 * guesses cannot overshoot it. The window is fixed: it starts at the first attempt and is the
 * key's TTL. Returns [attempts in the window, milliseconds left in it].
 */
const TAKE_ATTEMPT = `
local n = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }`;

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Per-account login attempt counts, in Redis so that every API process shares them. Keys hold a
 * hash of the email (known or not), never the address itself.
 */
@Injectable()
export class LoginAttempts implements OnModuleDestroy {
  private readonly logger = new Logger(LoginAttempts.name);
  private readonly redis: IORedis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = new IORedis({
      ...redisOptions(config.redisUrl),
      maxRetriesPerRequest: 2,
      lazyConnect: true,
    });
    this.redis.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
  }

  key(email: string): string {
    return `${this.config.queuePrefix}:auth:login-attempts:${hashSecret(email.trim().toLowerCase())}`;
  }

  /** Counts an attempt; refused once the window already holds the maximum of failures. */
  async take(email: string): Promise<AttemptVerdict> {
    const { maxFailures, windowSeconds } = this.config.loginThrottle;
    let count: number;
    let ttlMs: number;
    try {
      [count, ttlMs] = (await this.redis.eval(
        TAKE_ATTEMPT,
        1,
        this.key(email),
        String(windowSeconds * 1000),
      )) as [number, number];
    } catch (error) {
      // Without the counts no password is checked: an outage must not lift the limit.
      this.logger.error(`Login attempt count unavailable: ${(error as Error).message}`);
      throw new DomainError(
        'SIGN_IN_UNAVAILABLE',
        'Signing in is briefly unavailable; try again.',
        ErrorKind.Unavailable,
      );
    }
    if (count <= maxFailures) return { allowed: true };
    const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
    if (count === maxFailures + 1) {
      this.logger.warn(
        `Sign-in locked for ${retryAfterSeconds} s after ${maxFailures} attempts (account key ${this.key(email).slice(-12)})`,
      );
    }
    return { allowed: false, retryAfterSeconds };
  }

  /** A successful login forgets the account's failures. */
  async succeeded(email: string): Promise<void> {
    await this.redis.del(this.key(email));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis.status !== 'wait' && this.redis.status !== 'end')
      await this.redis.quit().catch(() => undefined);
  }
}
