import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../common/actor';

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

  @Column({ name: 'password_hash', select: false })
  passwordHash: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Column({ name: 'business_unit_ids', type: 'uuid', array: true, default: () => "'{}'" })
  businessUnitIds: string[];

  /** An interviewer's specialties, matched against candidates' when scheduling. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  specialties: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
