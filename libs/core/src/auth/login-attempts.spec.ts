import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig, loadConfig } from '@hirefair/config';
import { DomainError } from '../common/domain-error';
import { LoginAttempts } from './login-attempts';

describe('LoginAttempts', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const attemptsWith = (overrides: Partial<AppConfig>) =>
    new LoginAttempts({ ...loadConfig(), ...overrides });

  it('allows the maximum of attempts in a window, then refuses with the seconds left', async () => {
    const attempts = attemptsWith({ loginThrottle: { maxFailures: 3, windowSeconds: 120 } });
    const email = `${randomUUID()}@example.com`;
    try {
      for (let i = 0; i < 3; i++) expect(await attempts.take(email)).toEqual({ allowed: true });
      const refused = await attempts.take(email.toUpperCase());
      expect(refused.allowed).toBe(false);
      expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(100);
      expect(refused.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(120);
      await attempts.succeeded(email);
      expect(await attempts.take(email)).toEqual({ allowed: true });
      await attempts.succeeded(email);
    } finally {
      await attempts.onModuleDestroy();
    }
  });

  it('refuses to check passwords when Redis cannot count them (503 SIGN_IN_UNAVAILABLE)', async () => {
    // 6398: a port with no Redis on it.
    const attempts = attemptsWith({ redisUrl: 'redis://127.0.0.1:6398' });
    try {
      await expect(attempts.take('someone@example.com')).rejects.toMatchObject({
        code: 'SIGN_IN_UNAVAILABLE',
        kind: 'unavailable',
      });
      await expect(attempts.take('someone@example.com')).rejects.toBeInstanceOf(DomainError);
    } finally {
      await attempts.onModuleDestroy();
    }
  });
});
