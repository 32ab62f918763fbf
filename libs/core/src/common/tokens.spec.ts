import { hashSecret, newSecret, randomCode, secretMatches } from './tokens';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

describe('tokens', () => {
  it('draws 256-bit URL-safe secrets that never repeat, across many pool refills', () => {
    const secrets = Array.from({ length: 5_000 }, () => newSecret()); // 160 KB: ~40 refills of the pool
    expect(new Set(secrets).size).toBe(secrets.length);
    for (const secret of secrets.slice(0, 200)) {
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    }
  });

  it('hands each random byte out once: no secret shares a run of bytes with another', () => {
    const bytes = Array.from({ length: 300 }, () => Buffer.from(newSecret(), 'base64url').toString('hex'));
    const halves = bytes.flatMap((hex) => [hex.slice(0, 32), hex.slice(32)]);
    expect(new Set(halves).size).toBe(halves.length);
  });

  it('spreads codes over the whole alphabet, uniformly enough', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4_000; i++) {
      const code = randomCode(ALPHABET, 10);
      expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
      for (const letter of code) counts.set(letter, (counts.get(letter) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    // 40,000 letters, 1,250 expected each; a fair draw stays well within ±15 %.
    for (const count of counts.values()) expect(Math.abs(count - 1_250)).toBeLessThan(190);
  });

  it('refuses an alphabet that 5 random bits cannot index evenly', () => {
    expect(() => randomCode('ABC', 4)).toThrow(/32-letter/);
  });

  it('matches a secret against its hash only', () => {
    const secret = newSecret();
    expect(secretMatches(secret, hashSecret(secret))).toBe(true);
    expect(secretMatches(newSecret(), hashSecret(secret))).toBe(false);
  });
});
