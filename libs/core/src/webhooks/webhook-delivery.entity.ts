import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum WebhookDeliveryStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Failed = 'failed',
}

/** Ids and the state change only: never the candidate's personal data. */
export type WebhookData = Record<string, string | number | boolean | null>;

/** The body every attempt of a delivery posts, byte for byte. */
export interface WebhookPayload {
  id: string;
  type: string;
  createdAt: string;
  organizationId: string;
  data: WebhookData;
}

/** One event owed to one subscription; its attempts are `webhook_delivery_attempts`. */
@Entity('webhook_deliveries')
export class WebhookDelivery {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  /** The event's id (the payload's `id`), shared by the deliveries of one event to several subscriptions. */
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ type: 'jsonb' })
  payload: WebhookPayload;

  @Column({ type: 'text', default: WebhookDeliveryStatus.Pending })
  status: WebhookDeliveryStatus;

  /** Attempts made so far (the next one is attempts + 1). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** The attempt after which a failure is final (the retry schedule's last, or a manual redeliver's one). */
  @Column({ name: 'final_attempt', type: 'int' })
  finalAttempt: number;

  /** The current round is a manual redeliver: one attempt, no retries, never disables the subscription. */
  @Column({ type: 'boolean', default: false })
  manual: boolean;

  /** When the next attempt is due, or when a claimed attempt's lease ends; null when not pending. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
