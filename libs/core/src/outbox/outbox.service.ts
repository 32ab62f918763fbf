import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OUTBOX_CHANNEL, OutboxRepository, OwedJob } from './outbox.repository';

export { OUTBOX_CHANNEL };
export type { OwedJob };

@Injectable()
export class OutboxService {
  constructor(private readonly repository: OutboxRepository) {}

  /** Records jobs inside the caller's transaction; they reach BullMQ only if it commits. */
  async add(manager: EntityManager, ...jobs: OwedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.repository.insert(manager, jobs);
  }
}
