import { EntityManager } from 'typeorm';

/**
 * Runs `work` under a savepoint of the caller's transaction: if it throws, its statements are
 * rolled back (the transaction stays usable) and the error is rethrown; otherwise they stay.
 * TypeORM nests a transaction begun on a transaction's manager as SAVEPOINT, RELEASE SAVEPOINT
 * or ROLLBACK TO SAVEPOINT; outside a transaction that would be a transaction of its own, so it is refused.
 */
export function withSavepoint<T>(
  manager: EntityManager,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (!manager.queryRunner?.isTransactionActive)
    throw new Error('withSavepoint runs inside a transaction: pass its EntityManager');
  return manager.transaction(work);
}
