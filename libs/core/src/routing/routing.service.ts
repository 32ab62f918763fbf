import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { ReviewJob, QueueName, SlaCheckPayload } from '@hirefair/queue';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { Actor } from '../common/actor';
import { PipelineMailService } from '../intake/pipeline-mail.service';
import { OutboxService } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from '../registrations/mail-templates';
import { Registration } from '../registrations/registration.entity';
import { Lane, Stage } from '../registrations/registration-state';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { RoutingConfig } from './routing-config.entity';
import { UnitLoad, chooseUnit } from './routing-strategy';

/** Stages in which a registration waits for its unit's decision: an open review. */
export const OPEN_REVIEW_STAGES = [Stage.Routed, Stage.OnHold];

export const slaJobId = (registrationId: string, routedAt: Date): string =>
  `sla-${registrationId}-${routedAt.getTime()}`;

export type RouteOutcome = { routed: true; businessUnitId: string } | { routed: false; reason: string };

@Injectable()
export class RoutingService {
  constructor(
    private readonly timeline: RegistrationTimelineService,
    private readonly outbox: OutboxService,
    private readonly mail: PipelineMailService,
  ) {}

  /**
   * Routes a registration by its event's rules, inside the caller's transaction. The event's
   * routing row is locked for the choice, so concurrent routings see each other's loads and the
   * weighted round-robin advances one step at a time.
   */
  async route(
    manager: EntityManager,
    actor: Actor,
    registration: Registration,
    reason: string,
  ): Promise<RouteOutcome> {
    const config = await manager
      .getRepository(RoutingConfig)
      .findOne({ where: { eventId: registration.eventId }, lock: { mode: 'pessimistic_write' } });
    if (!config || config.rules.length === 0) {
      return this.leaveUnrouted(manager, actor, registration, 'the event has no routing rules');
    }
    const unitIds = [...new Set(config.rules.map((r) => r.businessUnitId))];
    const units = await manager.getRepository(BusinessUnit).find({ where: { id: In(unitIds) } });
    const open: { business_unit_id: string; open: string }[] = await manager.query(
      `SELECT business_unit_id, count(*) AS open FROM registrations
        WHERE business_unit_id = ANY($1::uuid[]) AND stage = ANY($2::text[]) GROUP BY business_unit_id`,
      [unitIds, OPEN_REVIEW_STAGES],
    );
    const loads: Record<string, UnitLoad> = {};
    for (const unit of units) {
      loads[unit.id] = {
        businessUnitId: unit.id,
        openReviews: Number(open.find((o) => o.business_unit_id === unit.id)?.open ?? 0),
        maxOpenReviews: unit.maxOpenReviews,
      };
    }
    const decision = chooseUnit({
      strategy: config.strategy,
      rules: config.rules,
      candidateSpecialties: registration.specialties,
      loads,
      roundRobinState: config.roundRobinState,
    });
    await manager
      .getRepository(RoutingConfig)
      .update({ eventId: config.eventId }, { roundRobinState: decision.roundRobinState });
    if (decision.businessUnitId === null)
      return this.leaveUnrouted(manager, actor, registration, decision.reason);
    const unit = units.find((u) => u.id === decision.businessUnitId) as BusinessUnit;
    await this.assign(manager, actor, registration, unit, `${reason}; specialty ${decision.specialty}`);
    return { routed: true, businessUnitId: unit.id };
  }

  /**
   * Puts a registration in a unit's review queue: stage routed, SLA clock started (a delayed job
   * owed through the outbox), the candidate told. Used by automatic, manual and reviewer routing.
   */
  async assign(
    manager: EntityManager,
    actor: Actor,
    registration: Registration,
    unit: BusinessUnit,
    reason: string,
  ): Promise<void> {
    const routedAt = new Date();
    const slaDueAt = new Date(routedAt.getTime() + unit.reviewSlaHours * 3_600_000);
    await this.timeline.moveStage(manager, actor, registration, Stage.Routed, reason, {
      businessUnitId: unit.id,
      routedAt,
      slaDueAt,
    });
    await manager.query(
      `UPDATE registrations SET sla_breached_at = NULL, unrouted_reason = NULL WHERE id = $1`,
      [registration.id],
    );
    await this.outbox.add(manager, {
      queue: QueueName.Reviews,
      name: ReviewJob.SlaCheck,
      jobId: slaJobId(registration.id, routedAt),
      payload: {
        registrationId: registration.id,
        routedAt: routedAt.toISOString(),
      } satisfies SlaCheckPayload,
      delayMs: slaDueAt.getTime() - routedAt.getTime(),
    });
    await this.mail.tell(
      manager,
      registration,
      registration.lane === Lane.FastTrack
        ? RegistrationMailTemplate.FastTracked
        : RegistrationMailTemplate.Routed,
      { unitName: unit.name, rule: registration.waiver?.rule ?? undefined },
    );
  }

  private async leaveUnrouted(
    manager: EntityManager,
    actor: Actor,
    registration: Registration,
    reason: string,
  ): Promise<RouteOutcome> {
    if (registration.stage !== Stage.Unrouted) {
      await this.timeline.moveStage(manager, actor, registration, Stage.Unrouted, reason);
    }
    await manager.query(`UPDATE registrations SET unrouted_reason = $2 WHERE id = $1`, [
      registration.id,
      reason,
    ]);
    return { routed: false, reason };
  }
}
