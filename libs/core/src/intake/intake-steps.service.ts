import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor';
import { SlaCheckPayload } from '@hirefair/queue';
import { tellOf } from '../pipeline-mail/pipeline-mail.service';
import { RegistrationMailTemplate } from '../registrations/mail-templates';
import { RegistrationError, RegistrationErrorCode } from '../registrations/registrations.errors';
import { Registration, Waiver } from '../registrations/registration.entity';
import {
  Lane,
  RegistrationStatus,
  Stage,
  TimelineField,
  assertStageTransition,
} from '../registrations/registration-state';
import {
  RegistrationTimelineService,
  TimelineChange,
  stageChanges,
} from '../registrations/registration-timeline.service';
import { RoutingService } from '../routing/routing.service';
import { evaluateWaiverPolicy } from '../waivers/waiver-condition';
import { factsOf } from '../waivers/waiver-facts';
import { WaiverPoliciesService } from '../waivers/waiver-policies.service';
import { IntakeRepository } from './intake.repository';
import { IntakeMove } from './intake.types';

/** A lane decided by the waiver policy, with its timeline reason. */
export interface LaneDecision {
  lane: Lane;
  waiver: Waiver;
  reason: string;
}

/**
 * The two steps of an intake, for any number of registrations at once: the lanes the waiver policy
 * decides (nothing written), then the one statement that moves registered seats out of intake by
 * lane. `IntakeService` runs them in its event batches (no transaction held, the routing plan
 * checked optimistically); a recruiter's override runs the second alone, in its transaction.
 */
@Injectable()
export class IntakeStepsService {
  private readonly logger = new Logger(IntakeStepsService.name);

  constructor(
    private readonly repository: IntakeRepository,
    private readonly policies: WaiverPoliciesService,
    private readonly routing: RoutingService,
    private readonly timeline: RegistrationTimelineService,
  ) {}

  /**
   * Writes the intake of registrations in a recruiter's transaction (an override): as `write`,
   * under the locks of the event's routing row and its rules' units; a registration that changed
   * meanwhile fails it (409).
   */
  async settle(
    manager: EntityManager,
    actor: Actor,
    eventId: string,
    registrations: Registration[],
    lanes: Map<string, LaneDecision>,
  ): Promise<void> {
    const moved = await this.write(manager, actor, eventId, registrations, lanes, { optimistic: false });
    if (moved?.length !== registrations.length) {
      throw new RegistrationError(
        RegistrationErrorCode.InvalidTransition,
        'The registration changed meanwhile; reload it and try again.',
      );
    }
  }

  /**
   * Writes the intake of registrations in ONE statement (`IntakeRepository.write`): their new
   * lanes (`lanes`, decided by the waiver policy, so only in batches, whose actor is the system),
   * and for a registered seat in intake its next stage by lane: a fast-track one routed at once
   * (or left unrouted with the reason), a standard one asked for the written test; with them, for
   * those moved, the timeline rows, webhook deliveries, SLA checks and ONE job for the candidates'
   * mails. A registration no longer as read (withdrawn, moved, its lane set meanwhile) is left as
   * it is. Returns the ids moved (their objects updated), or null when `optimistic` and a routing
   * of the event, or of any event to a unit it routes to, committed after the plan's reads
   * (nothing written: plan again). `optimistic`: the reads lock nothing and the write checks the
   * versions of the routing row and of the units it routes to (the batch); otherwise the routing
   * row and the rules' units are locked to the caller's commit. `skipLocked` (by default when
   * optimistic): registrations another transaction holds are left, instead of waited for.
   */
  async write(
    manager: EntityManager,
    actor: Actor,
    eventId: string,
    originals: Registration[],
    lanes: Map<string, LaneDecision>,
    { optimistic, skipLocked = optimistic }: { optimistic: boolean; skipLocked?: boolean },
  ): Promise<string[] | null> {
    if (originals.length === 0) return [];
    // Copies: the originals change only once written (a plan may be dropped and made again).
    const registrations = originals.map((r) => Object.assign(new Registration(), r));
    const fromLane = new Map(registrations.map((r) => [r.id, r.lane]));
    for (const r of registrations) {
      const decided = lanes.get(r.id);
      if (decided) Object.assign(r, { lane: decided.lane, waiver: decided.waiver });
    }
    const advancing = registrations.filter(
      (r) => r.status === RegistrationStatus.Registered && r.stage === Stage.Intake,
    );
    const standard = advancing.filter((r) => r.lane === Lane.Standard);
    for (const r of standard) assertStageTransition(r.stage, Stage.TestRequired);
    const plan = await this.routing.plan(
      manager,
      eventId,
      advancing.filter((r) => r.lane === Lane.FastTrack),
      (r) => `written test waived (${r.waiver?.rule ?? 'manual'})`,
      !optimistic,
    );
    const routed = this.routing.assignmentEffects(plan.assignments, new Date());
    const unitOf = new Map(routed.moves.map((m) => [m.registrationId, m]));

    // Each advancing registration's stage after the intake, and the timeline changes to it.
    const after = new Map<
      string,
      { stage: Stage; unroutedReason: string | null; changes: TimelineChange[] }
    >();
    for (const { registration, change } of routed.timeline) {
      const entry = after.get(registration.id) ?? { stage: Stage.Routed, unroutedReason: null, changes: [] };
      entry.changes.push(change);
      after.set(registration.id, entry);
    }
    for (const { registration, reason } of plan.unrouted) {
      assertStageTransition(registration.stage, Stage.Unrouted);
      after.set(registration.id, {
        stage: Stage.Unrouted,
        unroutedReason: reason,
        changes: stageChanges(registration, Stage.Unrouted, reason),
      });
    }
    for (const registration of standard) {
      after.set(registration.id, {
        stage: Stage.TestRequired,
        unroutedReason: null,
        changes: stageChanges(registration, Stage.TestRequired, 'no waiver rule matched'),
      });
    }
    // Per registration in the order they happened: its lane, then its stage (and unit).
    const { timeline, owed } = await this.timeline.owedMany(
      manager,
      actor,
      registrations.flatMap((registration) => {
        const decided = lanes.get(registration.id);
        const lane: TimelineChange[] = decided
          ? [{ field: TimelineField.Lane, from: null, to: decided.lane, reason: decided.reason }]
          : [];
        return [...lane, ...(after.get(registration.id)?.changes ?? [])].map((change) => ({
          registration,
          change,
        }));
      }),
    );

    const written = await this.repository.write(
      manager,
      {
        eventId,
        moves: registrations.map((r): IntakeMove => ({
          id: r.id,
          fromLane: fromLane.get(r.id) ?? null,
          fromStatus: r.status,
          lane: r.lane as Lane,
          waiver: lanes.get(r.id)?.waiver ?? null,
          stage: after.get(r.id)?.stage ?? r.stage,
          businessUnitId: unitOf.get(r.id)?.businessUnitId ?? null,
          slaDueAt: unitOf.get(r.id)?.slaDueAt ?? null,
          unroutedReason: after.get(r.id)?.unroutedReason ?? null,
        })),
        routedAt: routed.routedAt,
        routingVersion: optimistic ? plan.version : null,
        // The units it routes to, at the versions the plan read them.
        unitVersions: optimistic
          ? [...new Set(plan.assignments.map((a) => a.unit.id))].map((id) => ({
              id,
              version: plan.unitVersions.get(id) ?? '',
            }))
          : [],
        // Written with any routed: the row's version changes, as every routing's does.
        roundRobin:
          plan.assignments.length > 0 || plan.roundRobin?.changed ? (plan.roundRobin?.state ?? null) : null,
        timeline,
        owed,
        jobs: routed.jobs.map((job) => ({
          registrationId: (job.payload as SlaCheckPayload).registrationId,
          job,
        })),
        // The candidates' mails, the fast track's and the written test's.
        tells: [
          ...routed.tells,
          ...standard.map((r) => tellOf(r.id, RegistrationMailTemplate.TestRequired, {}, routed.routedAt)),
        ],
      },
      { skipLocked },
    );
    if (!written.held) return null;

    routed.apply();
    for (const { registration, reason } of plan.unrouted) {
      Object.assign(registration, { stage: Stage.Unrouted, unroutedReason: reason });
    }
    for (const registration of standard) registration.stage = Stage.TestRequired;
    const moved = new Set(written.moved);
    originals.forEach((original, i) => {
      if (moved.has(original.id)) Object.assign(original, registrations[i]);
    });
    return written.moved;
  }

  /**
   * The lanes of registrations not yet evaluated, by the event's policy in force (nothing written).
   * A registration whose facts cannot be evaluated is logged and added to `failed`.
   */
  async evaluate(
    manager: EntityManager,
    eventId: string,
    registrations: Registration[],
    failed: Set<string>,
  ): Promise<Map<string, LaneDecision>> {
    const decided = new Map<string, LaneDecision>();
    if (registrations.length === 0) return decided;
    const policy = await this.policies.current(manager, eventId);
    for (const registration of registrations) {
      try {
        const { rule } = policy
          ? evaluateWaiverPolicy({ rules: policy.rules }, factsOf(registration))
          : { rule: null };
        decided.set(registration.id, {
          lane: rule ? Lane.FastTrack : Lane.Standard,
          waiver: { granted: rule !== null, rule, policyVersion: policy?.version ?? null },
          reason: rule ? `waiver rule "${rule}" (policy v${policy?.version})` : 'no waiver rule matched',
        });
      } catch (error) {
        this.logger.error(`Intake of registration ${registration.id} failed: ${String(error)}`);
        failed.add(registration.id);
      }
    }
    return decided;
  }
}
