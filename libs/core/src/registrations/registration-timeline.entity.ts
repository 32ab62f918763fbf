import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change of one of a registration's state fields: who, when, from what to what, why. */
@Entity('registration_timeline')
export class RegistrationTimelineEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_type' })
  actorType: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column()
  field: string;

  @Column({ name: 'from_value', type: 'text', nullable: true })
  from: string | null;

  @Column({ name: 'to_value', type: 'text', nullable: true })
  to: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
