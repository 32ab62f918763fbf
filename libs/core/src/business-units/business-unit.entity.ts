import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface ScorecardCriterion {
  criterion: string;
  description: string;
}

@Entity('business_units')
export class BusinessUnit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column()
  name: string;

  @Column()
  code: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  specialties: string[];

  @Column({ name: 'review_sla_hours', type: 'int' })
  reviewSlaHours: number;

  @Column({ name: 'daily_interview_capacity', type: 'int' })
  dailyInterviewCapacity: number;

  /** null = no limit on reviews awaiting a decision. */
  @Column({ name: 'max_open_reviews', type: 'int', nullable: true })
  maxOpenReviews: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  scorecard: ScorecardCriterion[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
