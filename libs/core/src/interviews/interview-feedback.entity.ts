import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum Recommendation {
  StrongYes = 'strong_yes',
  Yes = 'yes',
  No = 'no',
  StrongNo = 'strong_no',
}

@Entity('interview_feedback')
export class InterviewFeedback {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'interview_id', type: 'uuid' })
  interviewId: string;

  @Column({ name: 'interviewer_id', type: 'uuid' })
  interviewerId: string;

  @Column({ type: 'text' })
  recommendation: Recommendation;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  scores: Record<string, number>;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
