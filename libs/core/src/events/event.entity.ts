import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericColumn } from '../common/sql-results';
import { EventStatus } from './event-state';

export { numericColumn };

@Entity('events')
export class HiringEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column()
  title: string;

  @Column()
  slug: string;

  @Column()
  city: string;

  @Column({ type: 'text', nullable: true })
  venue: string | null;

  @Column({ default: false })
  online: boolean;

  /** IANA zone, for display and interview slots. */
  @Column()
  timezone: string;

  /** Default language of candidate mail: 'en' or 'zh'. */
  @Column({ default: 'en' })
  locale: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ name: 'registration_opens_at', type: 'timestamptz' })
  registrationOpensAt: Date;

  @Column({ name: 'registration_closes_at', type: 'timestamptz' })
  registrationClosesAt: Date;

  @Column({ type: 'int' })
  capacity: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  specialties: string[];

  @Column({ name: 'business_unit_ids', type: 'uuid', array: true, default: () => "'{}'" })
  businessUnitIds: string[];

  @Column({
    name: 'written_test_pass_score',
    type: 'numeric',
    precision: 6,
    scale: 2,
    nullable: true,
    transformer: numericColumn,
  })
  writtenTestPassScore: number | null;

  @Column({ name: 'interview_minutes', type: 'int', default: 45 })
  interviewMinutes: number;

  @Column({ name: 'buffer_minutes', type: 'int', default: 0 })
  bufferMinutes: number;

  /** Advancing a candidate pools them for the booking pass; false: only scheduling runs book. */
  @Column({ name: 'auto_schedule', type: 'boolean', default: true })
  autoSchedule: boolean;

  @Column({ type: 'text', default: EventStatus.Draft })
  status: EventStatus;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** When it moved to completed: the data retention period runs from here. */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
