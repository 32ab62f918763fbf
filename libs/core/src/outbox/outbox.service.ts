import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OUTBOX_CHANNEL, OutboxRepository, OwedJob } from './outbox.repository';

export { OUTBOX_CHANNEL };
export type { OwedJob };

/**
 * The outbox's insert for a statement that owes jobs for rows it creates itself: `select` yields
 * (queue, job_name, job_id, payload). The statement should also `pg_notify(OUTBOX_CHANNEL, '')` once.
 */
export const outboxInsertSql = (select: string): string =>
  `INSERT INTO outbox (queue, job_name, job_id, payload) ${select}`;

@Injectable()
export class OutboxService {
  constructor(private readonly repository: OutboxRepository) {}

  /** Records jobs inside the caller's transaction; they reach BullMQ only if it commits. */
  async add(manager: EntityManager, ...jobs: OwedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.repository.insert(manager, jobs);
  }
}
