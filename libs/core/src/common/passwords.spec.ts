import { ValidationError } from './domain-error';
import * as argon2 from 'argon2';
import {
  assertPasswordAcceptable,
  hashPassword,
  passwordHashOutdated,
  passwordProblems,
  verifyPassword,
} from './passwords';

describe('password hashes', () => {
  it("hash with argon2id at OWASP's parameters and tell older hashes apart", async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(passwordHashOutdated(hash)).toBe(false);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);

    const old = await argon2.hash('correct horse battery staple', { type: argon2.argon2id });
    expect(passwordHashOutdated(old)).toBe(true);
    expect(await verifyPassword(old, 'correct horse battery staple')).toBe(true);
    expect(passwordHashOutdated('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(passwordHashOutdated('not a hash')).toBe(true);
  });
});

describe('password rules', () => {
  const email = 'jane.doe@example.com';

  it('accepts a long passphrase that is not common and does not contain the email', async () => {
    expect(await passwordProblems('correct-horse-battery', email)).toEqual([]);
    expect(await passwordProblems('lantern-orbit-velvet-42', email)).toEqual([]);
  });

  it('names each rule a password breaks', async () => {
    expect(await passwordProblems('Tr0ub4dor', email)).toEqual([
      'password must be at least 10 characters long',
    ]);
    expect(await passwordProblems('my-Jane.Doe-passphrase', email)).toEqual([
      'password must not contain the email address or its part before the @',
    ]);
    expect(await passwordProblems('xx-jane.doe@example.com', 'jane.doe@example.com')).toHaveLength(1);
    for (const common of [
      'password123',
      '1234567890',
      'qwertyuiop',
      'iloveyou12',
      'P@ssw0rd123',
      'abcdefghij',
    ]) {
      expect(await passwordProblems(common, email)).toEqual([
        'password is a commonly used password or too easy to guess',
      ]);
    }
    expect(await passwordProblems('password', email)).toHaveLength(2);
  });

  it('counts characters, not UTF-16 units, and ignores a very short local part', async () => {
    expect(await passwordProblems('密码很长的一句话真的很长', email)).not.toContain(
      'password must be at least 10 characters long',
    );
    expect(await passwordProblems('zebra-kayak-quantum', 'ze@example.com')).toEqual([]);
  });

  it('throws VALIDATION_FAILED with the field it is given', async () => {
    try {
      await assertPasswordAcceptable('short', email, 'admin.password');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const details = (error as ValidationError).details ?? [];
      expect(details[0].field).toBe('admin.password');
      expect(details[0].messages[0]).toBe('password must be at least 10 characters long');
    }
  });
});
