import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BusinessUnitsRepository } from '../business-units/business-units.repository';
import { StaffActor } from '../common/actor';
import { ErrorKind } from '../common/domain-error';
import { RegistrationMailTemplate } from '../registrations/mail-templates';
import { Registration, Waiver } from '../registrations/registration.entity';
import { Lane, RegistrationStatus, Stage, TimelineField } from '../registrations/registration-state';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { RegistrationsRepository } from '../registrations/registrations.repository';
import { RoutingService } from '../routing/routing.service';
import { IntakeService } from './intake.service';
import { PipelineMailService } from '../pipeline-mail/pipeline-mail.service';
import { PipelineError, PipelineErrorCode } from './pipeline.errors';
import { PipelineRepository } from './pipeline.repository';

export interface PipelineResult {
  registrationId: string;
  status: RegistrationStatus;
  lane: Lane | null;
  stage: Stage;
  businessUnitId: string | null;
  waiver: Waiver | null;
  writtenTestScore: number | null;
}

const result = (r: Registration): PipelineResult => ({
  registrationId: r.id,
  status: r.status,
  lane: r.lane,
  stage: r.stage,
  businessUnitId: r.businessUnitId,
  waiver: r.waiver,
  writtenTestScore: r.writtenTestScore,
});

/** Stages before a unit has decided: a waiver override may still change the lane's path. */
const UNDECIDED = [
  Stage.Intake,
  Stage.TestRequired,
  Stage.TestFailed,
  Stage.TestPassed,
  Stage.Unrouted,
  Stage.Routed,
];

/** What recruiters do to a registration's pipeline: written test scores, waiver overrides, manual routing. */
@Injectable()
export class PipelineService {
  constructor(
    private readonly repository: PipelineRepository,
    private readonly registrations: RegistrationsRepository,
    private readonly units: BusinessUnitsRepository,
    private readonly timeline: RegistrationTimelineService,
    private readonly routing: RoutingService,
    private readonly intake: IntakeService,
    private readonly mail: PipelineMailService,
    private readonly audit: AuditService,
  ) {}

  async recordWrittenTest(actor: StaffActor, id: string, score: number): Promise<PipelineResult> {
    return this.locked(actor, id, async (manager, registration) => {
      if (registration.lane === Lane.FastTrack) {
        // A move the pipeline forbids; the specific reason goes in details.
        throw new PipelineError(
          PipelineErrorCode.AlreadyDecided,
          'This candidate is on the fast track: the written test was waived.',
          ErrorKind.Conflict,
          [
            {
              field: 'lane',
              messages: ['WRITTEN_TEST_NOT_REQUIRED: a fast_track registration takes no written test'],
            },
          ],
        );
      }
      this.assertRegistered(registration);
      const event = await this.registrations.eventOf(manager, registration.eventId);
      if (event.writtenTestPassScore === null) {
        throw new PipelineError(PipelineErrorCode.NoPassScore, 'The event has no writtenTestPassScore set.');
      }
      const passed = score >= event.writtenTestPassScore;
      const to = passed ? Stage.TestPassed : Stage.TestFailed;
      if (![Stage.TestRequired, Stage.TestFailed].includes(registration.stage)) {
        throw new PipelineError(
          PipelineErrorCode.AlreadyDecided,
          `A written test score is recorded in stage test_required or test_failed, not ${registration.stage}.`,
        );
      }
      await this.repository.setWrittenTestScore(manager, registration.id, score);
      const previous = registration.writtenTestScore;
      registration.writtenTestScore = score;
      await this.timeline.record(manager, actor, registration, {
        field: TimelineField.WrittenTest,
        from: previous === null ? null : String(previous),
        to: String(score),
        reason: `pass score ${event.writtenTestPassScore}`,
      });
      await this.timeline.moveStage(
        manager,
        actor,
        registration,
        to,
        `written test ${score}/${event.writtenTestPassScore}`,
      );
      if (passed) {
        await this.routing.route(manager, actor, registration, 'passed the written test');
      } else {
        await this.mail.tell(manager, registration, RegistrationMailTemplate.TestFailed, {
          score,
          passScore: event.writtenTestPassScore,
        });
      }
      await this.audit.record(
        actor,
        {
          organizationId: registration.organizationId,
          action: 'registration.written_test_recorded',
          objectType: 'registration',
          objectId: registration.id,
          details: { score, passed },
        },
        manager,
      );
    });
  }

  /** A recruiter grants or denies the waiver by hand; the lane, and the path through the pipeline, follow. */
  async overrideWaiver(
    actor: StaffActor,
    id: string,
    decision: 'granted' | 'denied',
    reason: string,
  ): Promise<PipelineResult> {
    return this.locked(actor, id, async (manager, registration) => {
      if (!UNDECIDED.includes(registration.stage)) {
        throw new PipelineError(
          PipelineErrorCode.AlreadyDecided,
          `The unit has already decided (stage ${registration.stage}); the waiver can no longer change the path.`,
        );
      }
      const granted = decision === 'granted';
      const lane = granted ? Lane.FastTrack : Lane.Standard;
      const waiver: Waiver = {
        granted,
        rule: registration.waiver?.rule ?? null,
        policyVersion: registration.waiver?.policyVersion ?? null,
        overriddenBy: actor.userId,
        reason,
      };
      await this.repository.setWaiver(manager, registration.id, lane, waiver);
      await this.timeline.record(
        manager,
        actor,
        registration,
        {
          field: TimelineField.Waiver,
          from: registration.waiver?.granted ? 'granted' : registration.waiver ? 'denied' : null,
          to: decision,
          reason,
        },
        ...(registration.lane !== lane
          ? [{ field: TimelineField.Lane, from: registration.lane, to: lane, reason }]
          : []),
      );
      Object.assign(registration, { lane, waiver });
      if (registration.status === RegistrationStatus.Registered)
        await this.followLane(manager, actor, registration, reason);
      await this.audit.record(
        actor,
        {
          organizationId: registration.organizationId,
          action: 'registration.waiver_overridden',
          objectType: 'registration',
          objectId: registration.id,
          details: { decision, reason },
        },
        manager,
      );
    });
  }

  async route(
    actor: StaffActor,
    id: string,
    businessUnitId: string,
    reason: string,
  ): Promise<PipelineResult> {
    return this.locked(actor, id, async (manager, registration) => {
      this.assertRegistered(registration);
      const unit = await this.units.findForActor(actor, businessUnitId, manager);
      await this.routing.assign(manager, actor, registration, unit, `routed by a recruiter: ${reason}`);
      await this.audit.record(
        actor,
        {
          organizationId: registration.organizationId,
          action: 'registration.routed_manually',
          objectType: 'registration',
          objectId: registration.id,
          details: { businessUnitId, reason },
        },
        manager,
      );
    });
  }

  private async followLane(
    manager: EntityManager,
    actor: StaffActor,
    registration: Registration,
    reason: string,
  ) {
    const stage = registration.stage;
    if (stage === Stage.Intake) return this.intake.advance(manager, actor, registration);
    if (registration.lane === Lane.FastTrack && [Stage.TestRequired, Stage.TestFailed].includes(stage)) {
      await this.routing.route(manager, actor, registration, `waiver granted by a recruiter: ${reason}`);
    } else if (registration.lane === Lane.Standard && [Stage.Routed, Stage.Unrouted].includes(stage)) {
      await this.timeline.moveStage(
        manager,
        actor,
        registration,
        Stage.TestRequired,
        `waiver denied: ${reason}`,
        {
          businessUnitId: null,
          routedAt: null,
          slaDueAt: null,
        },
      );
      await this.mail.tell(manager, registration, RegistrationMailTemplate.TestRequired);
    }
  }

  private assertRegistered(registration: Registration): void {
    if (registration.status !== RegistrationStatus.Registered) {
      throw new PipelineError(
        PipelineErrorCode.NotRegistered,
        `The registration is ${registration.status}: only a registered seat moves through the pipeline.`,
      );
    }
  }

  /** Runs a change on one registration of the actor's organization, row-locked, in one transaction. */
  private locked(
    actor: StaffActor,
    id: string,
    change: (manager: EntityManager, registration: Registration) => Promise<void>,
  ): Promise<PipelineResult> {
    return this.repository.transaction(async (manager) => {
      const registration = await this.registrations.lockForActor(manager, actor, id);
      await change(manager, registration);
      return result(registration);
    });
  }
}
