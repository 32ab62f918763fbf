import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericColumn } from '../events/event.entity';

/** One reference figure row of an organization's market table (see MARKET_DEFAULTS). */
@Entity('market_benchmarks')
export class MarketBenchmark {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  specialty: string;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({
    name: 'avg_monthly_salary_cny',
    type: 'numeric',
    precision: 12,
    scale: 2,
    nullable: true,
    transformer: numericColumn,
  })
  avgMonthlySalaryCny: number | null;

  @Column({
    name: 'demand_growth_pct',
    type: 'numeric',
    precision: 8,
    scale: 2,
    nullable: true,
    transformer: numericColumn,
  })
  demandGrowthPct: number | null;

  @Column({
    name: 'share_of_jobs_pct',
    type: 'numeric',
    precision: 5,
    scale: 2,
    nullable: true,
    transformer: numericColumn,
  })
  shareOfJobsPct: number | null;

  @Column({ name: 'city_rank', type: 'int', nullable: true })
  cityRank: number | null;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
