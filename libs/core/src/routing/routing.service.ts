import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueueName, ReviewJob, SlaCheckPayload, TellCandidatePayload, slaJobId } from '@hirefair/queue';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { BusinessUnitsRepository } from '../business-units/business-units.repository';
import { Actor } from '../common/actor';
import { tellJobs, tellOf } from '../pipeline-mail/pipeline-mail.service';
import { OutboxService, OwedJob } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from '../registrations/mail-templates';
import { Registration } from '../registrations/registration.entity';
import { RegistrationError, RegistrationErrorCode } from '../registrations/registrations.errors';
import { Lane, Stage, assertStageTransition } from '../registrations/registration-state';
import {
  RegistrationTimelineService,
  TimelineRow,
  stageChanges,
} from '../registrations/registration-timeline.service';
import { RoutedRow, RoutingRepository } from './routing.repository';
import { RoundRobinState, UnitLoad, chooseUnit } from './routing-strategy';
import { RoutingConfig } from './routing-config.entity';

/** Stages in which a registration waits for its unit's decision: an open review. */
export const OPEN_REVIEW_STAGES = [Stage.Routed, Stage.OnHold];

export type RouteOutcome = { routed: true; businessUnitId: string } | { routed: false; reason: string };

/** One registration to put in a unit's queue. */
export interface UnitAssignment {
  registration: Registration;
  unit: BusinessUnit;
  reason: string;
}

/** The units chosen for registrations (see `RoutingService.plan`), in their order. */
export interface RoutingPlan {
  assignments: UnitAssignment[];
  unrouted: { registration: Registration; reason: string }[];
  outcomes: RouteOutcome[];
  /** The version of the event's routing row the plan read; null if it has none (or none was read). */
  version: string | null;
  /** The versions of the units of the event's rules the plan read (see `RoutingRepository.unitVersions`). */
  unitVersions: Map<string, string>;
  /** The weighted round-robin's state after the plan (to write), when the event has rules. */
  roundRobin: { state: RoundRobinState; changed: boolean } | null;
}

/** What a routing plan reads (`RoutingService.inputs`). */
export interface RoutingInputs {
  config: RoutingConfig | null;
  version: string | null;
  unitVersions: Map<string, string>;
  units: BusinessUnit[];
  open: Map<string, number>;
}

const NO_ROUTING: RoutingInputs = {
  config: null,
  version: null,
  unitVersions: new Map(),
  units: [],
  open: new Map(),
};

/** See `RoutingService.assignmentEffects`. */
export interface AssignmentEffects {
  routedAt: Date;
  moves: RoutedRow[];
  timeline: TimelineRow[];
  /** The SLA checks. */
  jobs: OwedJob[];
  /** The candidates' mails, owed by the caller in one job with any others it decides (`tellJobs`). */
  tells: TellCandidatePayload[];
  apply(): void;
}

@Injectable()
export class RoutingService {
  constructor(
    private readonly routing: RoutingRepository,
    private readonly units: BusinessUnitsRepository,
    private readonly timeline: RegistrationTimelineService,
    private readonly outbox: OutboxService,
  ) {}

  /** Routes one registration by its event's rules, inside the caller's transaction. */
  async route(
    manager: EntityManager,
    actor: Actor,
    registration: Registration,
    reason: string,
  ): Promise<RouteOutcome> {
    const [outcome] = await this.routeAll(manager, actor, registration.eventId, [registration], () => reason);
    return outcome;
  }

  /**
   * Chooses a unit for each registration in order, as if they were routed one by one (each choice
   * sees the loads and the round-robin step of the previous ones), under the locks of the event's
   * routing row and then its rules' units in id order (so concurrent routings of the event, or of
   * other events to the same units, see each other's loads and the weighted round-robin advances
   * one step at a time), then writes all of them at once.
   */
  async routeAll(
    manager: EntityManager,
    actor: Actor,
    eventId: string,
    registrations: Registration[],
    reasonOf: (registration: Registration) => string,
  ): Promise<RouteOutcome[]> {
    const plan = await this.plan(manager, eventId, registrations, reasonOf);
    if (plan.roundRobin?.changed) {
      await this.routing.saveRoundRobin(manager, eventId, plan.roundRobin.state);
    }
    await this.assignAll(manager, actor, plan.assignments);
    for (const { registration, reason } of plan.unrouted) {
      await this.leaveUnrouted(manager, actor, [registration], reason);
    }
    return plan.outcomes;
  }

  /**
   * `routeAll`'s choice without its writes, for a caller that writes the moves with its own (the
   * intake): what the choice reads (`inputs`), then the choice itself (`choose`). With `lock` the
   * event's routing row, then its rules' units (in id order), are locked to the caller's commit;
   * without, the plan carries the versions of the routing row and of the units it read, for the
   * caller's write to check (see `IntakeRepository.write`). The
   * assignments, the registrations left unrouted and the round-robin state are the caller's to write.
   */
  async plan(
    manager: EntityManager,
    eventId: string,
    registrations: Registration[],
    reasonOf: (registration: Registration) => string,
    lock = true,
  ): Promise<RoutingPlan> {
    if (registrations.length === 0) return this.choose(NO_ROUTING, registrations, reasonOf);
    return this.choose(await this.inputs(manager, eventId, lock), registrations, reasonOf);
  }

  /**
   * What a routing plan reads: the event's rules (and their version), their units' versions, the
   * units and their loads. The units' versions are read before the units and loads, so that a
   * change committed after them (an edit, a routing to the unit) changes the version too.
   */
  async inputs(manager: EntityManager, eventId: string, lock: boolean): Promise<RoutingInputs> {
    const found = await this.routing.findVersioned(manager, eventId, lock);
    if (!found || found.config.rules.length === 0) return { ...NO_ROUTING, version: found?.version ?? null };
    const unitIds = [...new Set(found.config.rules.map((r) => r.businessUnitId))];
    const unitVersions = await this.routing.unitVersions(manager, unitIds, lock);
    const units = await this.units.findByIds(manager, unitIds);
    const open = await this.routing.openReviews(manager, unitIds, OPEN_REVIEW_STAGES);
    return { config: found.config, version: found.version, unitVersions, units, open };
  }

  /**
   * Chooses a unit for each registration in order, as if they were routed one by one (each choice
   * sees the loads and the round-robin step of the previous ones). Pure: nothing read or written.
   */
  choose(
    inputs: RoutingInputs,
    registrations: Registration[],
    reasonOf: (registration: Registration) => string,
  ): RoutingPlan {
    const { config, units, open, version, unitVersions } = inputs;
    if (registrations.length === 0) {
      return {
        assignments: [],
        unrouted: [],
        outcomes: [],
        version: null,
        unitVersions: new Map(),
        roundRobin: null,
      };
    }
    if (!config || config.rules.length === 0) {
      const reason = 'the event has no routing rules';
      return {
        assignments: [],
        unrouted: registrations.map((registration) => ({ registration, reason })),
        outcomes: registrations.map(() => ({ routed: false, reason })),
        // The row, if any, was read: a rule added meanwhile changes its version.
        version,
        unitVersions,
        roundRobin: null,
      };
    }
    const loads: Record<string, UnitLoad> = {};
    for (const unit of units) {
      loads[unit.id] = {
        businessUnitId: unit.id,
        openReviews: open.get(unit.id) ?? 0,
        maxOpenReviews: unit.maxOpenReviews,
      };
    }
    let roundRobinState = config.roundRobinState;
    const assignments: UnitAssignment[] = [];
    const unrouted: { registration: Registration; reason: string }[] = [];
    const outcomes = registrations.map((registration): RouteOutcome => {
      const decision = chooseUnit({
        strategy: config.strategy,
        rules: config.rules,
        candidateSpecialties: registration.specialties,
        loads,
        roundRobinState,
      });
      roundRobinState = decision.roundRobinState;
      if (decision.businessUnitId === null) {
        unrouted.push({ registration, reason: decision.reason });
        return { routed: false, reason: decision.reason };
      }
      loads[decision.businessUnitId].openReviews += 1;
      const unit = units.find((u) => u.id === decision.businessUnitId) as BusinessUnit;
      assignments.push({
        registration,
        unit,
        reason: `${reasonOf(registration)}; specialty ${decision.specialty}`,
      });
      return { routed: true, businessUnitId: unit.id };
    });
    return {
      assignments,
      unrouted,
      outcomes,
      version,
      unitVersions,
      // least_loaded leaves the state as it was.
      roundRobin: { state: roundRobinState, changed: roundRobinState !== config.roundRobinState },
    };
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
    await this.assignAll(manager, actor, [{ registration, unit, reason }]);
  }

  /**
   * `assign` for many registrations with set-based statements. The candidates' mails are owed as
   * one job (rendered outside this transaction, so a batch holds the routing lock briefly). The
   * events' routing rows, then the units routed to (in id order), are changed first (locked to the
   * caller's commit): every routing raises a unit's load, so an intake batch of any event that
   * planned with the loads read before sees a version change and plans again (see
   * `IntakeRepository.write`).
   */
  async assignAll(manager: EntityManager, actor: Actor, assignments: UnitAssignment[]): Promise<void> {
    if (assignments.length === 0) return;
    await this.routing.touch(
      manager,
      [...new Set(assignments.map((a) => a.registration.eventId))],
      [...new Set(assignments.map((a) => a.unit.id))],
    );
    const effects = this.assignmentEffects(assignments, new Date());
    const moved = await this.routing.markRouted(manager, effects.moves, effects.routedAt);
    if (moved.length !== assignments.length) {
      throw new RegistrationError(
        RegistrationErrorCode.InvalidTransition,
        'The registration changed meanwhile; reload it and try again.',
      );
    }
    await this.timeline.recordMany(manager, actor, effects.timeline);
    await this.outbox.add(manager, ...effects.jobs, ...tellJobs(effects.tells));
    effects.apply();
  }

  /**
   * What putting registrations in their units' queues writes, without writing it (checked against
   * the pipeline first): the moves, their timeline rows, the owed jobs (SLA clock), the candidates'
   * mails to owe (rendered outside the transaction so that a batch holds the routing lock briefly), and
   * `apply`, which sets the routed columns on the objects once the caller has written them.
   */
  assignmentEffects(assignments: UnitAssignment[], routedAt: Date): AssignmentEffects {
    for (const { registration } of assignments) assertStageTransition(registration.stage, Stage.Routed);
    const slaDueAt = (a: UnitAssignment) => new Date(routedAt.getTime() + a.unit.reviewSlaHours * 3_600_000);
    return {
      routedAt,
      moves: assignments.map((a) => ({
        registrationId: a.registration.id,
        fromStage: a.registration.stage,
        businessUnitId: a.unit.id,
        slaDueAt: slaDueAt(a),
      })),
      timeline: assignments.flatMap(({ registration, unit, reason }) =>
        stageChanges(registration, Stage.Routed, reason, { businessUnitId: unit.id }).map((change) => ({
          registration,
          change,
        })),
      ),
      jobs: assignments.map((a): OwedJob => ({
        queue: QueueName.Reviews,
        name: ReviewJob.SlaCheck,
        jobId: slaJobId(a.registration.id, routedAt),
        payload: {
          registrationId: a.registration.id,
          routedAt: routedAt.toISOString(),
        } satisfies SlaCheckPayload,
        delayMs: slaDueAt(a).getTime() - routedAt.getTime(),
      })),
      tells: assignments.map((a) =>
        tellOf(
          a.registration.id,
          a.registration.lane === Lane.FastTrack
            ? RegistrationMailTemplate.FastTracked
            : RegistrationMailTemplate.Routed,
          { unitName: a.unit.name, rule: a.registration.waiver?.rule ?? undefined },
          routedAt,
        ),
      ),
      apply: () => {
        for (const a of assignments) {
          Object.assign(a.registration, {
            stage: Stage.Routed,
            businessUnitId: a.unit.id,
            routedAt,
            slaDueAt: slaDueAt(a),
            slaBreachedAt: null,
            unroutedReason: null,
          });
        }
      },
    };
  }

  private async leaveUnrouted(
    manager: EntityManager,
    actor: Actor,
    registrations: Registration[],
    reason: string,
  ): Promise<RouteOutcome[]> {
    for (const registration of registrations) {
      if (registration.stage !== Stage.Unrouted) {
        await this.timeline.moveStage(manager, actor, registration, Stage.Unrouted, reason);
      }
      await this.routing.setUnroutedReason(manager, registration.id, reason);
    }
    return registrations.map(() => ({ routed: false, reason }));
  }
}
