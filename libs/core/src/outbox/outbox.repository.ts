import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { QueueName } from '@hirefair/queue';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';

export const OUTBOX_CHANNEL = 'hirefair_outbox';

export interface OwedJob {
  queue: QueueName;
  name: string;
  /** Deterministic: derived from what the job is about, so re-adding it is a no-op. */
  jobId: string;
  payload: object;
  delayMs?: number;
}

export interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: string;
  job_id: string;
  payload: Record<string, unknown>;
  delay_ms: string;
}

/** The outbox's statements: owed jobs written in the caller's transaction, claimed and marked by the relay. */
@Injectable()
export class OutboxRepository extends DataSourceRepository {
  async insert(manager: EntityManager, jobs: OwedJob[]): Promise<void> {
    // One statement over arrays, whatever the count (batch steps owe hundreds of jobs at once), with
    // the NOTIFY that wakes the relay at once instead of at its next poll (delivered at commit only).
    await manager.query(
      `WITH owed AS (
         INSERT INTO outbox (queue, job_name, job_id, payload, delay_ms)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[])
         RETURNING 1)
       SELECT pg_notify($6, '') FROM (SELECT 1 FROM owed LIMIT 1) one`,
      [
        jobs.map((j) => j.queue),
        jobs.map((j) => j.name),
        jobs.map((j) => j.jobId),
        jobs.map((j) => JSON.stringify(j.payload)),
        jobs.map((j) => Math.max(0, Math.round(j.delayMs ?? 0))),
        OUTBOX_CHANNEL,
      ],
    );
  }

  /** Claims up to `batch` unrelayed rows (SKIP LOCKED) whose earlier claim, if any, is older than `leaseMs`. */
  async claim(batch: number, leaseMs: number): Promise<OutboxRow[]> {
    return rowsOf<OutboxRow>(
      await this.dataSource.query(
        `UPDATE outbox SET claimed_at = now()
          WHERE id IN (SELECT id FROM outbox
                        WHERE relayed_at IS NULL AND (claimed_at IS NULL OR claimed_at < now() - ($2 || ' milliseconds')::interval)
                        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, queue, job_name, job_id, payload, delay_ms`,
        [batch, String(leaseMs)],
      ),
    );
  }

  async unclaim(ids: string[]): Promise<void> {
    await this.dataSource.query(`UPDATE outbox SET claimed_at = NULL WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async markRelayed(ids: string[]): Promise<void> {
    await this.dataSource.query(`UPDATE outbox SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Subscribes a dedicated connection to the outbox's notifications. */
  async listen(client: Client): Promise<void> {
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  }
}
