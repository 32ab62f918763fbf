import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { ErrorKind } from '../common/domain-error';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyError, IdempotencyErrorCode } from './idempotency.errors';

export type IdempotentResult<T> =
  { replayed: false; body: T } | { replayed: true; statusCode: number; body: unknown };

/** Keys are kept a day: long enough for any client retry, short enough to hold little data. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** How long a duplicate waits for the first request before answering 409 IDEMPOTENCY_KEY_IN_PROGRESS. */
const WAIT_FOR_FIRST_MS = 15_000;
const POLL_MS = 50;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Same JSON, same hash, whatever the key order. */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value as object)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(body ?? null)))
    .digest('hex');
}

/**
 * Insert-first idempotency: the first request with a key inserts its claim (the primary key
 * decides among concurrent ones) and executes; the others wait for its response and replay it.
 * A different body under the same key is refused with 409 IDEMPOTENCY_KEY_REUSED.
 *
 * An unfinished claim is leased (IDEMPOTENCY_LEASE_MS) and its request renews the lease every
 * quarter of it while it runs: a request of any length keeps its key, and when the process dies
 * mid-request the lease lapses and the next retry takes the key over and executes, within a lease.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);
  private readonly leaseMs: number;

  constructor(
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.leaseMs = config.idempotencyLeaseMs;
  }

  /**
   * Runs `work` for the first request with this key and body, stores its answer (`statusCode`,
   * its result) and replays that to the others. A failure is not stored: a retry executes again.
   */
  async run<T>(
    scope: string,
    key: string,
    body: unknown,
    statusCode: number,
    work: () => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    const owner = randomUUID();
    const replay = await this.claim(scope, key, requestHash(body), owner);
    if (replay) return replay;
    const renewal = setInterval(() => void this.renew(scope, key, owner), this.leaseMs / 4);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      clearInterval(renewal);
      await this.keys.release(scope, key, owner);
      throw error;
    }
    clearInterval(renewal);
    await this.keys.complete(scope, key, owner, statusCode, result);
    return { replayed: false, body: result };
  }

  /** Null once this request owns the key; the stored answer when an earlier request finished. */
  private async claim(
    scope: string,
    key: string,
    hash: string,
    owner: string,
  ): Promise<Extract<IdempotentResult<unknown>, { replayed: true }> | null> {
    if (!KEY_PATTERN.test(key)) {
      throw new IdempotencyError(
        IdempotencyErrorCode.InvalidKey,
        'Idempotency-Key must be 1-255 printable ASCII characters.',
        ErrorKind.Invalid,
      );
    }
    // Long enough that a retry sent right after its first request died gets the key.
    const deadline = Date.now() + Math.max(WAIT_FOR_FIRST_MS, this.leaseMs + 2_000);
    for (;;) {
      if (await this.keys.tryClaim(scope, key, hash, owner, this.leaseMs)) return null;
      const existing = await this.keys.find(scope, key);
      if (!existing) continue; // released meanwhile: try to claim it again
      if (existing.requestHash !== hash) {
        throw new IdempotencyError(
          IdempotencyErrorCode.KeyReused,
          'This Idempotency-Key was already used with a different request body.',
        );
      }
      if (existing.completedAt && existing.statusCode !== null) {
        return { replayed: true, statusCode: existing.statusCode, body: existing.responseBody };
      }
      if (await this.keys.takeOver(scope, key, hash, owner, this.leaseMs)) return null;
      if (Date.now() > deadline) {
        throw new IdempotencyError(
          IdempotencyErrorCode.InProgress,
          'A request with this Idempotency-Key is still being processed; retry shortly.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async renew(scope: string, key: string, owner: string): Promise<void> {
    try {
      if (!(await this.keys.renew(scope, key, owner, this.leaseMs))) {
        this.logger.warn(
          `Idempotency-Key claim on ${scope} was taken over while its request ran (its lease lapsed)`,
        );
      }
    } catch (error) {
      this.logger.warn(`Could not renew an Idempotency-Key lease: ${(error as Error).message}`);
    }
  }

  /** Forgets stored responses that hold a given value (e.g. an erased registration's token). */
  async forgetResponsesWith(field: string, value: string): Promise<void> {
    await this.keys.deleteWithResponseField(field, value);
  }

  async purgeExpired(): Promise<number> {
    return this.keys.deleteCreatedBefore(new Date(Date.now() - IDEMPOTENCY_TTL_MS));
  }
}
