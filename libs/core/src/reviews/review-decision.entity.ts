import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum ReviewDecisionKind {
  Advance = 'advance',
  Reject = 'reject',
  Hold = 'hold',
  Reroute = 'reroute',
}

/** A business unit's decision on a registration, with the reviewer's notes and rubric scores. */
@Entity('review_decisions')
export class ReviewDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId: string;

  @Column({ name: 'business_unit_id', type: 'uuid' })
  businessUnitId: string;

  @Column({ name: 'reviewer_id', type: 'uuid', nullable: true })
  reviewerId: string | null;

  @Column({ type: 'text' })
  decision: ReviewDecisionKind;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** criterion → 1..4, criteria from the unit's scorecard. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  scores: Record<string, number>;

  /** For a reroute: the unit it went to. */
  @Column({ name: 'rerouted_to', type: 'uuid', nullable: true })
  reroutedTo: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
