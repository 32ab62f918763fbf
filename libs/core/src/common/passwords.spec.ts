import { ValidationError } from './domain-error';
import { assertPasswordAcceptable, passwordProblems } from './passwords';

describe('password rules', () => {
  const email = 'jane.doe@example.com';

  it('accepts a long passphrase that is not common and does not contain the email', () => {
    expect(passwordProblems('correct-horse-battery', email)).toEqual([]);
    expect(passwordProblems('lantern-orbit-velvet-42', email)).toEqual([]);
  });

  it('names each rule a password breaks', () => {
    expect(passwordProblems('Tr0ub4dor', email)).toEqual(['password must be at least 10 characters long']);
    expect(passwordProblems('my-Jane.Doe-passphrase', email)).toEqual([
      'password must not contain the email address or its part before the @',
    ]);
    expect(passwordProblems('xx-jane.doe@example.com', 'jane.doe@example.com')).toHaveLength(1);
    for (const common of [
      'password123',
      '1234567890',
      'qwertyuiop',
      'iloveyou12',
      'P@ssw0rd123',
      'abcdefghij',
    ]) {
      expect(passwordProblems(common, email)).toEqual([
        'password is a commonly used password or too easy to guess',
      ]);
    }
    expect(passwordProblems('password', email)).toHaveLength(2);
  });

  it('counts characters, not UTF-16 units, and ignores a very short local part', () => {
    expect(passwordProblems('密码很长的一句话真的很长', email)).not.toContain(
      'password must be at least 10 characters long',
    );
    expect(passwordProblems('zebra-kayak-quantum', 'ze@example.com')).toEqual([]);
  });

  it('throws VALIDATION_FAILED with the field it is given', () => {
    try {
      assertPasswordAcceptable('short', email, 'admin.password');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const details = (error as ValidationError).details ?? [];
      expect(details[0].field).toBe('admin.password');
      expect(details[0].messages[0]).toBe('password must be at least 10 characters long');
    }
  });
});
