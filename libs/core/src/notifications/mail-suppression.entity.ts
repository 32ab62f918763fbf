import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An address that refused mail permanently; later mail to it is recorded as failed, not sent. */
@Entity('mail_suppressions')
export class MailSuppression {
  @PrimaryColumn()
  email: string;

  @Column({ type: 'text' })
  reason: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
