import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueueName } from '@hirefair/queue';
import { OutboxMessage } from './outbox-message.entity';

export interface OwedJob {
  queue: QueueName;
  name: string;
  /** Deterministic: derived from what the job is about, so re-adding it is a no-op. */
  jobId: string;
  payload: object;
  delayMs?: number;
}

export const OUTBOX_CHANNEL = 'hirefair_outbox';

@Injectable()
export class OutboxService {
  /** Records jobs inside the caller's transaction; they reach BullMQ only if it commits. */
  async add(manager: EntityManager, ...jobs: OwedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const repo = manager.getRepository(OutboxMessage);
    await repo.insert(
      jobs.map((job) =>
        repo.create({
          queue: job.queue,
          jobName: job.name,
          jobId: job.jobId,
          payload: job.payload,
          delayMs: String(Math.max(0, Math.round(job.delayMs ?? 0))),
        }),
      ),
    );
    // Delivered at commit only; wakes the relay at once instead of at its next poll.
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }
}
