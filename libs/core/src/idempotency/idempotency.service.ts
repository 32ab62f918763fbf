import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ErrorKind } from '../common/domain-error';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyError, IdempotencyErrorCode } from './idempotency.errors';

export type IdempotencyClaim = { kind: 'execute' } | { kind: 'replay'; statusCode: number; body: unknown };

/** Keys are kept a day: long enough for any client retry, short enough to hold little data. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** A claim whose request never finished (the process died) can be taken over after this. */
const ABANDONED_AFTER_MS = 60_000;
const WAIT_FOR_FIRST_MS = 15_000;
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
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly keys: IdempotencyRepository) {}

  async claim(scope: string, key: string, hash: string): Promise<IdempotencyClaim> {
    if (!KEY_PATTERN.test(key)) {
      throw new IdempotencyError(
        IdempotencyErrorCode.InvalidKey,
        'Idempotency-Key must be 1-255 printable ASCII characters.',
        ErrorKind.Invalid,
      );
    }
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      if (await this.keys.tryClaim(scope, key, hash)) return { kind: 'execute' };
      const existing = await this.keys.find(scope, key);
      if (!existing) continue; // released meanwhile: try to claim it again
      if (existing.requestHash !== hash) {
        throw new IdempotencyError(
          IdempotencyErrorCode.KeyReused,
          'This Idempotency-Key was already used with a different request body.',
        );
      }
      if (existing.completedAt && existing.statusCode !== null) {
        return { kind: 'replay', statusCode: existing.statusCode, body: existing.responseBody };
      }
      if (Date.now() - existing.createdAt.getTime() > ABANDONED_AFTER_MS) {
        await this.keys.dropAbandoned(scope, key, existing.createdAt);
        continue;
      }
      if (Date.now() > deadline) {
        throw new IdempotencyError(
          IdempotencyErrorCode.InProgress,
          'A request with this Idempotency-Key is still being processed; retry shortly.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async complete(scope: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.keys.complete(scope, key, statusCode, body);
  }

  /** The request failed: forget the claim so that a retry executes again. */
  async release(scope: string, key: string): Promise<void> {
    await this.keys.delete(scope, key);
  }

  /** Forgets stored responses that hold a given value (e.g. an erased registration's token). */
  async forgetResponsesWith(field: string, value: string): Promise<void> {
    await this.keys.deleteWithResponseField(field, value);
  }

  async purgeExpired(): Promise<number> {
    return this.keys.deleteCreatedBefore(new Date(Date.now() - IDEMPOTENCY_TTL_MS));
  }
}
