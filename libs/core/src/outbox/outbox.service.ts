import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueueName } from '@hirefair/queue';

export interface OwedJob {
  queue: QueueName;
  name: string;
  /** Deterministic: derived from what the job is about, so re-adding it is a no-op. */
  jobId: string;
  payload: object;
  delayMs?: number;
}

export const OUTBOX_CHANNEL = 'hirefair_outbox';

/**
 * The outbox's insert for a statement that owes jobs for rows it creates itself: `select` yields
 * (queue, job_name, job_id, payload). The statement should also `pg_notify(OUTBOX_CHANNEL, '')` once.
 */
export const outboxInsertSql = (select: string): string =>
  `INSERT INTO outbox (queue, job_name, job_id, payload) ${select}`;

@Injectable()
export class OutboxService {
  /** Records jobs inside the caller's transaction; they reach BullMQ only if it commits. */
  async add(manager: EntityManager, ...jobs: OwedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    // One statement over arrays, whatever the count: batch steps owe hundreds of jobs at once.
    await manager.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, delay_ms)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[])`,
      [
        jobs.map((j) => j.queue),
        jobs.map((j) => j.name),
        jobs.map((j) => j.jobId),
        jobs.map((j) => JSON.stringify(j.payload)),
        jobs.map((j) => Math.max(0, Math.round(j.delayMs ?? 0))),
      ],
    );
    // Delivered at commit only; wakes the relay at once instead of at its next poll.
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }
}
