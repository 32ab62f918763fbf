import { QueryFailedError } from 'typeorm';

/** PostgreSQL unique_violation, optionally on one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (!constraint || driverError.constraint === constraint);
}

/** PostgreSQL exclusion_violation (an exclusion constraint refused an overlapping row). */
export function isExclusionViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23P01' && (!constraint || driverError.constraint === constraint);
}

/** PostgreSQL deadlock_detected: PostgreSQL aborted this transaction to break a lock cycle; retrying is safe. */
export function isDeadlock(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  return (error.driverError as { code?: string }).code === '40P01';
}
