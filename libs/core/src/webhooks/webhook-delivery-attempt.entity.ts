import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One HTTP call of a delivery (or a refusal before it: target forbidden, DNS failure). */
@Entity('webhook_delivery_attempts')
export class WebhookDeliveryAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'int' })
  attempt: number;

  @Column({ type: 'boolean' })
  ok: boolean;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  @Column({ type: 'boolean', default: false })
  manual: boolean;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at: Date;
}
