import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { numericColumn } from '../events/event.entity';
import { Candidate } from './candidate.entity';
import { Lane, RegistrationStatus, Stage } from './registration-state';

export interface Publication {
  title: string;
  venue: string;
  year: number;
}

export interface Award {
  name: string;
  rank?: number;
  year: number;
}

/** The registration body's fields that are not columns of their own. */
export interface RegistrationProfile {
  publications?: Publication[];
  awards?: Award[];
  githubUrl?: string;
  resumeUrl?: string;
  referralCode?: string;
  expectedMonthlySalaryCny?: number;
}

export interface Consent {
  privacyPolicyVersion: string;
  shareWithBusinessUnits: boolean;
  givenAt: string;
  /** Set when the candidate withdrew and erased their data. */
  erasedAt?: string;
}

export interface Waiver {
  granted: boolean;
  rule: string | null;
  policyVersion: string | number | null;
  overriddenBy?: string;
  reason?: string;
}

@Entity('registrations')
export class Registration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @ManyToOne(() => Candidate)
  @JoinColumn({ name: 'candidate_id' })
  candidate?: Candidate;

  /** Arrival order: taken while the seat counter is locked, so seats go by seq. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ type: 'text' })
  status: RegistrationStatus;

  @Column({ type: 'text', nullable: true })
  lane: Lane | null;

  @Column({ type: 'text', default: Stage.Intake })
  stage: Stage;

  @Column({ name: 'business_unit_id', type: 'uuid', nullable: true })
  businessUnitId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  waiver: Waiver | null;

  @Column({
    name: 'written_test_score',
    type: 'numeric',
    precision: 6,
    scale: 2,
    nullable: true,
    transformer: numericColumn,
  })
  writtenTestScore: number | null;

  @Column({ name: 'routed_at', type: 'timestamptz', nullable: true })
  routedAt: Date | null;

  @Column({ name: 'sla_due_at', type: 'timestamptz', nullable: true })
  slaDueAt: Date | null;

  /** When the unit's review SLA passed without a decision (null while within it). */
  @Column({ name: 'sla_breached_at', type: 'timestamptz', nullable: true })
  slaBreachedAt: Date | null;

  /** Why routing found no unit (stage unrouted). */
  @Column({ name: 'unrouted_reason', type: 'text', nullable: true })
  unroutedReason: string | null;

  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true })
  checkedInAt: Date | null;

  @Column({ name: 'check_in_code', type: 'text', nullable: true })
  checkInCode: string | null;

  /** Hashes of the candidate's live access tokens (the newest few); the tokens themselves are never stored. */
  @Column({ name: 'token_hashes', type: 'text', array: true, select: false, default: () => "'{}'" })
  tokenHashes: string[];

  @Column({ default: 'en' })
  locale: string;

  @Column()
  degree: string;

  @Column({ name: 'years_of_experience', type: 'int' })
  yearsOfExperience: number;

  @Column()
  city: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  specialties: string[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  profile: RegistrationProfile;

  @Column({ type: 'jsonb' })
  consent: Consent;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;
}
