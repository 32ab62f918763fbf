import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../common/actor';

export enum UserStatus {
  /** Created without a password; waits for the invitee to set one through the mailed link. */
  Invited = 'invited',
  Active = 'active',
  /** Turned off by an org admin: cannot log in, refresh, reset or accept an invitation. */
  Inactive = 'inactive',
}

export type UserLocale = 'en' | 'zh';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** null only for the platform admin, who belongs to no organization. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column()
  email: string;

  @Column()
  name: string;

  /** null while invited. */
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Column({ name: 'business_unit_ids', type: 'uuid', array: true, default: () => "'{}'" })
  businessUnitIds: string[];

  /** An interviewer's specialties, matched against candidates' when scheduling. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  specialties: string[];

  @Column({ type: 'text', default: UserStatus.Active })
  status: UserStatus;

  /** The language of the account mails (invitation, password reset). */
  @Column({ type: 'text', default: 'en' })
  locale: UserLocale;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
