import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The first response to a write sent with an `Idempotency-Key`, replayed to retries of it. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  /** The route and who called it: the same key from two callers or on two routes never collides. */
  @PrimaryColumn()
  scope: string;

  @PrimaryColumn()
  key: string;

  @Column({ name: 'request_hash' })
  requestHash: string;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** The request that holds the unfinished claim (a new one on every takeover). */
  @Column({ type: 'uuid', nullable: true })
  owner: string | null;

  /** Until when the unfinished claim is its owner's; renewed while the request runs. */
  @Column({ name: 'lease_until', type: 'timestamptz', precision: 3, nullable: true })
  leaseUntil: Date | null;
}
