import * as argon2 from 'argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { ValidationError } from './domain-error';

/**
 * argon2id at OWASP's recommended parameters (Password Storage Cheat Sheet: 19 MiB, 2 passes, one
 * lane) rather than the library's defaults (64 MiB, 3 passes, 4 lanes). libuv hashes up to four
 * passwords at once, and in the single-process install (`npm start`) four staff signing in during a
 * registration rush held 256 MB on top of the API's own memory; at 19 MiB it is 76 MB. Hashes made
 * with other parameters still verify (a hash carries its own) and are renewed at the next sign-in.
 */
const HASH_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, ...HASH_OPTIONS });

/** True when `hash` was made with other parameters than hashPassword's (or another algorithm). */
export function passwordHashOutdated(hash: string): boolean {
  if (!hash.startsWith('$argon2id$')) return true;
  try {
    return argon2.needsRehash(hash, HASH_OPTIONS);
  } catch {
    return true;
  }
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn scores 0–4; below 3 the password is a common one or a small variation of one. */
const MIN_STRENGTH_SCORE = 3;
/** Shorter local parts ("a@x.org") would forbid ordinary words; the whole address still counts. */
const MIN_LOCAL_PART_CHECKED = 3;

let estimator: Promise<ZxcvbnFactory> | undefined;

/**
 * zxcvbn and its dictionaries, loaded at the first password check: ~10 MB that the workers (which
 * never check a password) and an API that nobody signs up to do not need to hold.
 */
function strengthEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([{ ZxcvbnFactory }, { adjacencyGraphs, dictionary }]) =>
      new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }),
  );
  return estimator;
}

/** Which password rules `password` breaks for the account `email`, one message each; empty when none. */
export async function passwordProblems(
  password: string,
  email: string,
  field = 'password',
): Promise<string[]> {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    problems.push(`${field} must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  const lowered = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.split('@')[0];
  if (
    lowered.includes(address) ||
    (localPart.length >= MIN_LOCAL_PART_CHECKED && lowered.includes(localPart))
  ) {
    problems.push(`${field} must not contain the email address or its part before the @`);
  }
  if ((await strengthEstimator()).check(password).score < MIN_STRENGTH_SCORE) {
    problems.push(`${field} is a commonly used password or too easy to guess`);
  }
  return problems;
}

/** Throws 400 VALIDATION_FAILED naming every rule the password breaks. */
export async function assertPasswordAcceptable(
  password: string,
  email: string,
  field = 'password',
): Promise<void> {
  const problems = await passwordProblems(password, email, field.split('.').pop());
  if (problems.length > 0) {
    throw new ValidationError([{ field, messages: problems }], problems.join('; '));
  }
}
