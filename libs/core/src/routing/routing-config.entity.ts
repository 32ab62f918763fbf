import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { RoundRobinState, RoutingRule, RoutingStrategy } from './routing-strategy';

/** An event's routing rules, with the weighted round-robin's position (locked while routing). */
@Entity('routing_configs')
export class RoutingConfig {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'text' })
  strategy: RoutingStrategy;

  @Column({ type: 'jsonb' })
  rules: RoutingRule[];

  @Column({ name: 'round_robin_state', type: 'jsonb', default: () => "'{}'" })
  roundRobinState: RoundRobinState;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
