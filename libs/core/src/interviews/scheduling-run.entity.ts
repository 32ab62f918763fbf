import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { UnscheduledReason } from './scheduling/scheduling.types';

export enum SchedulingRunStatus {
  Queued = 'queued',
  Running = 'running',
  Completed = 'completed',
  Failed = 'failed',
}

export interface UnscheduledRegistration {
  registrationId: string;
  reason: UnscheduledReason;
}

@Entity('scheduling_runs')
export class SchedulingRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text', default: SchedulingRunStatus.Queued })
  status: SchedulingRunStatus;

  @Column({ type: 'int', default: 0 })
  scheduled: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  unscheduled: UnscheduledRegistration[];

  /** Candidates the run considered, and how many of them it has booked so far. */
  @Column({ type: 'jsonb', default: () => `'{"considered": 0, "booked": 0}'` })
  progress: { considered: number; booked: number };

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
