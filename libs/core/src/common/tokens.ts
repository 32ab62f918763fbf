import { createHash, randomFillSync, timingSafeEqual } from 'node:crypto';

/**
 * Random bytes for secrets and codes, from a pool the system's CSPRNG fills 4 KB at a time; each
 * byte is handed out once. Drawing `randomBytes(32)` per secret costs a call into OpenSSL and a new
 * buffer each time, and a registration draws two (its token and its check-in code): 2.8 % of the
 * API's main-thread CPU in a registration rush. Node's `randomUUID` keeps a pool the same way.
 */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/** Calls `read` with `size` fresh random bytes of the pool at `[start, start + size)`. */
function drawRandom<T>(size: number, read: (bytes: Buffer, start: number) => T): T {
  if (size > POOL_SIZE) return read(randomFillSync(Buffer.alloc(size)), 0);
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += size;
  return read(pool, start);
}

/** A random opaque secret (256 bits), URL-safe. */
export const newSecret = (): string =>
  drawRandom(32, (bytes, start) => bytes.toString('base64url', start, start + 32));

/** `length` characters of `alphabet` (32 letters: 5 random bits each), at random. */
export function randomCode(alphabet: string, length: number): string {
  if (alphabet.length !== 32) throw new Error('randomCode needs a 32-letter alphabet');
  return drawRandom(length, (bytes, start) => {
    let code = '';
    for (let i = start; i < start + length; i++) code += alphabet[bytes[i] & 31];
    return code;
  });
}

/** Secrets are random, so a fast hash is enough: no dictionary to guard against. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function secretMatches(secret: string, expectedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
