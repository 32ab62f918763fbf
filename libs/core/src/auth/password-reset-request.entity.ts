import { CreateDateColumn, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A password reset asked for and not yet handled: deleted by the job that handles it. */
@Entity('password_reset_requests')
export class PasswordResetRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** As typed (trimmed, lower-cased): whether an account has it is the job's question. */
  @Column({ type: 'text' })
  email: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
