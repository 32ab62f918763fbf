import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  /** 'staff', 'candidate' or 'system'. */
  @Column({ name: 'actor_type' })
  actorType: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column()
  action: string;

  @Column({ name: 'object_type' })
  objectType: string;

  @Column({ name: 'object_id', type: 'uuid', nullable: true })
  objectId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: object;

  @CreateDateColumn({ name: 'at', type: 'timestamptz', precision: 3 })
  at: Date;
}
