import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An organization's webhook policy; no row = the defaults (private targets refused). */
@Entity('webhook_settings')
export class WebhookSettings {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  /** Lets subscriptions target loopback and private networks (an on-premises receiver). */
  @Column({ name: 'allow_private_targets', type: 'boolean', default: false })
  allowPrivateTargets: boolean;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
