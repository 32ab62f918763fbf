import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum InterviewStatus {
  Scheduled = 'scheduled',
  Confirmed = 'confirmed',
  Declined = 'declined',
  Cancelled = 'cancelled',
  Completed = 'completed',
}

/** Statuses that hold the slot (the exclusion constraints cover exactly these). */
export const ACTIVE_INTERVIEW_STATUSES = [InterviewStatus.Scheduled, InterviewStatus.Confirmed];

@Entity('interviews')
export class Interview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId: string;

  @Column({ name: 'interviewer_id', type: 'uuid' })
  interviewerId: string;

  @Column({ name: 'business_unit_id', type: 'uuid' })
  businessUnitId: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text', default: InterviewStatus.Scheduled })
  status: InterviewStatus;

  /** The calendar UID: kept across reschedules, so calendars update the one entry. */
  @Column({ name: 'ical_uid' })
  icalUid: string;

  /** The .ics SEQUENCE: bumped by every change the attendees are told about. */
  @Column({ type: 'int', default: 0 })
  version: number;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  /** The run that booked it, if a run did. */
  @Column({ name: 'scheduling_run_id', type: 'uuid', nullable: true })
  schedulingRunId: string | null;

  @Column({ name: 'replaces_id', type: 'uuid', nullable: true })
  replacesId: string | null;

  @Column({ name: 'replaced_by_id', type: 'uuid', nullable: true })
  replacedById: string | null;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  /** When the booking pass moved it; an interview is moved at most once. */
  @Column({ name: 'moved_at', type: 'timestamptz', nullable: true })
  movedAt: Date | null;

  /** It may not be moved, and no longer fits the candidate's or the interviewer's windows. */
  @Column({ type: 'boolean', default: false })
  conflict: boolean;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** When it was declined, cancelled or completed. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
