import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work owed to a queue, written in the same transaction as the change that owes it. The relay
 * moves rows to BullMQ with their deterministic job id, so a crash between the two doubles nothing.
 */
@Entity('outbox')
export class OutboxMessage {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column()
  queue: string;

  @Column({ name: 'job_name' })
  jobName: string;

  @Column({ name: 'job_id' })
  jobId: string;

  @Column({ type: 'jsonb' })
  payload: object;

  /** Milliseconds to wait before the job runs (e.g. an SLA deadline). */
  @Column({ name: 'delay_ms', type: 'bigint', default: 0 })
  delayMs: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt: Date | null;

  /** When a relay claimed the row (a lease: another relay takes it over once it ran out). */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;
}
