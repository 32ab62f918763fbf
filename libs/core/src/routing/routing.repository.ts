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
  findConfig(manager: EntityManager, eventId: string): Promise<RoutingConfig | null> {
    return manager.getRepository(RoutingConfig).findOne({ where: { eventId } });
  }

  /**
   * The event's routing config with its version, the row's `xmin` (every update of the row
   * changes it): an optimistic writer checks it in its write (see `IntakeRepository.write`).
   * `lock` takes the row's lock to the caller's commit instead.
   */
  async findVersioned(
    manager: EntityManager,
    eventId: string,
    lock = false,
  ): Promise<{ config: RoutingConfig; version: string } | null> {
    const [row]: {
      event_id: string;
      organization_id: string;
      strategy: RoutingConfig['strategy'];
      rules: RoutingConfig['rules'];
      round_robin_state: RoutingConfig['roundRobinState'];
      updated_by: string | null;
      updated_at: Date;
      version: string;
    }[] = await manager.query(
      `SELECT event_id, organization_id, strategy, rules, round_robin_state, updated_by, updated_at,
              xmin::text AS version
         FROM routing_configs WHERE event_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [eventId],
    );
    if (!row) return null;
    const config = Object.assign(new RoutingConfig(), {
      eventId: row.event_id,
      organizationId: row.organization_id,
      strategy: row.strategy,
      rules: row.rules,
      roundRobinState: row.round_robin_state,
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
    });
    return { config, version: row.version };
  }

  /**
   * The units' versions, their rows' `xmin` (every update of a unit changes it: an edit of its
   * maximum, and every routing to it, see `touch`), read before the units and their loads: an
   * optimistic writer checks them in its write (see `IntakeRepository.write`). `lock` locks the
   * units (FOR NO KEY UPDATE, in id order) to the caller's commit instead.
   */
  async unitVersions(manager: EntityManager, unitIds: string[], lock = false): Promise<Map<string, string>> {
    if (unitIds.length === 0) return new Map();
    const rows: { id: string; version: string }[] = await manager.query(
      `SELECT id, xmin::text AS version FROM business_units WHERE id = ANY($1::uuid[])
        ORDER BY id${lock ? ' FOR NO KEY UPDATE' : ''}`,
      [unitIds],
    );
    return new Map(rows.map((r) => [r.id, r.version]));
  }

  /**
   * Changes the versions (their `xmin`) of the events' routing rows and of the units routed to,
   * under their locks, to the caller's commit: every routing that puts registrations in a unit's
   * queue does, so an intake batch that planned with the loads read before it (checking the
   * versions it read) plans again, whichever event the routing was of (a unit can be in the rules
   * of several events). Lock order: the routing rows (in event order), then the units (in id order).
   */
  async touch(manager: EntityManager, eventIds: string[], unitIds: string[]): Promise<void> {
    // Locked in event order first, as two routings of several events could otherwise take the same
    // rows in opposite orders and deadlock.
    await manager.query(
      `UPDATE routing_configs SET round_robin_state = round_robin_state
        WHERE event_id IN (SELECT event_id FROM routing_configs WHERE event_id = ANY($1::uuid[])
                            ORDER BY event_id FOR NO KEY UPDATE)`,
      [eventIds],
    );
    // The same for the units, in id order (the update itself takes rows in no fixed order).
    await manager.query(
      `UPDATE business_units SET max_open_reviews = max_open_reviews
        WHERE id IN (SELECT id FROM business_units WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE)`,
      [unitIds],
    );
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
