import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { Stage } from '../registrations/registration-state';
import { RoutingConfig } from './routing-config.entity';
import { RoutingRules } from './routing-strategy';

/** One registration moving into a unit's review queue. */
export interface RoutedRow {
  registrationId: string;
  /** The stage it is expected to be in (the move is skipped otherwise). */
  fromStage: Stage;
  businessUnitId: string;
  slaDueAt: Date;
}

/**
 * Every statement and lock on `routing_configs`, and the routing's reads and moves of
 * registrations (open reviews per unit, the routed stage, the unrouted reason).
 */
@Injectable()
export class RoutingRepository extends DataSourceRepository {
  findConfig(manager: EntityManager, eventId: string, lock = false): Promise<RoutingConfig | null> {
    return manager
      .getRepository(RoutingConfig)
      .findOne({ where: { eventId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Replaces the rules; the weighted round-robin starts over. */
  async replaceRules(
    manager: EntityManager,
    config: { eventId: string; organizationId: string; updatedBy: string | null } & RoutingRules,
  ): Promise<RoutingConfig> {
    await manager.getRepository(RoutingConfig).upsert({ ...config, roundRobinState: {} }, ['eventId']);
    return manager.getRepository(RoutingConfig).findOneByOrFail({ eventId: config.eventId });
  }

  async saveRoundRobin(
    manager: EntityManager,
    eventId: string,
    roundRobinState: RoutingConfig['roundRobinState'],
  ): Promise<void> {
    await manager.getRepository(RoutingConfig).update({ eventId }, { roundRobinState });
  }

  /** Registrations awaiting a decision, per unit (units without any are absent). */
  async openReviews(
    manager: EntityManager,
    unitIds: string[],
    openStages: Stage[],
  ): Promise<Map<string, number>> {
    const open: { business_unit_id: string; open: string }[] = await manager.query(
      `SELECT business_unit_id, count(*) AS open FROM registrations
        WHERE business_unit_id = ANY($1::uuid[]) AND stage = ANY($2::text[]) GROUP BY business_unit_id`,
      [unitIds, openStages],
    );
    return new Map(open.map((o) => [o.business_unit_id, Number(o.open)]));
  }

  /** Moves each registration still in its expected stage to routed; returns the ids moved. */
  async markRouted(manager: EntityManager, rows: RoutedRow[], routedAt: Date): Promise<string[]> {
    const moved = rowsOf<{ id: string }>(
      await manager.query(
        `UPDATE registrations r
          SET stage = $5, business_unit_id = v.unit_id, routed_at = $6, sla_due_at = v.sla_due_at,
              sla_breached_at = NULL, unrouted_reason = NULL, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[]) AS v(id, stage, unit_id, sla_due_at)
        WHERE r.id = v.id AND r.stage = v.stage
        RETURNING r.id`,
        [
          rows.map((r) => r.registrationId),
          rows.map((r) => r.fromStage),
          rows.map((r) => r.businessUnitId),
          rows.map((r) => r.slaDueAt.toISOString()),
          Stage.Routed,
          routedAt.toISOString(),
        ],
      ),
    );
    return moved.map((r) => r.id);
  }

  async setUnroutedReason(manager: EntityManager, registrationId: string, reason: string): Promise<void> {
    await manager.query(`UPDATE registrations SET unrouted_reason = $2 WHERE id = $1`, [
      registrationId,
      reason,
    ]);
  }
}
