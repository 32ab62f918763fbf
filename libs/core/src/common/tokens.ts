import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random opaque secret (256 bits), URL-safe. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Secrets are random, so a fast hash is enough: no dictionary to guard against. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function secretMatches(secret: string, expectedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
