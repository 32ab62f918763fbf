import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueueName, SlaCheckPayload, slaJobId } from '@hirefair/queue';
import { AuditService } from '../audit/audit.service';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { BusinessUnitsRepository } from '../business-units/business-units.repository';
import { Role, SYSTEM_ACTOR, StaffActor, hasRole } from '../common/actor';
import { ErrorDetail, NotFoundError, ValidationError } from '../common/domain-error';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageQuery } from '../common/pagination';
import { organizationOf } from '../common/tenancy';
import { EventsRepository } from '../events/events.repository';
import { BookingPoolService } from '../interviews/booking-pool.service';
import { PipelineMailService } from '../pipeline-mail/pipeline-mail.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RegistrationMailTemplate } from '../registrations/mail-templates';
import { Lane, Stage } from '../registrations/registration-state';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { RegistrationError, RegistrationErrorCode } from '../registrations/registrations.errors';
import { staffView } from '../registrations/registrations-staff.service';
import { OPEN_REVIEW_STAGES, RoutingService } from '../routing/routing.service';
import { ReviewDecisionKind } from './review-decision.entity';
import { RegistrationsRepository } from '../registrations/registrations.repository';
import { ReviewsRepository } from './reviews.repository';

export interface DecisionInput {
  decision: ReviewDecisionKind;
  notes?: string;
  scores?: Record<string, number>;
  businessUnitId?: string;
}

const STAGE_OF_DECISION: Record<Exclude<ReviewDecisionKind, ReviewDecisionKind.Reroute>, Stage> = {
  [ReviewDecisionKind.Advance]: Stage.Advanced,
  [ReviewDecisionKind.Reject]: Stage.Rejected,
  [ReviewDecisionKind.Hold]: Stage.OnHold,
};

interface QueueCursor {
  f: number;
  at: string;
  id: string;
}

/** The business units' side: their review queue, their decisions, and the SLA clock. */
export interface ReviewOutcome {
  decision: {
    id: string;
    decision: ReviewDecisionKind;
    notes: string | null;
    scores: Record<string, number>;
    createdAt: Date;
  };
  registration: { id: string; stage: Stage; businessUnitId: string | null; slaDueAt: Date | null };
}

@Injectable()
export class ReviewsService {
  private readonly logger = new Logger(ReviewsService.name);

  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly registrations: RegistrationsRepository,
    private readonly units: BusinessUnitsRepository,
    private readonly events: EventsRepository,
    @InjectQueue(QueueName.Reviews) private readonly queue: Queue<SlaCheckPayload>,
    private readonly timeline: RegistrationTimelineService,
    private readonly routing: RoutingService,
    private readonly mail: PipelineMailService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly bookingPool: BookingPoolService,
  ) {}

  /** Registrations awaiting the caller's units' decision: fast-track first, then oldest routed first. */
  async reviewQueue(
    actor: StaffActor,
    page: PageQuery & { businessUnitId?: string },
  ): Promise<Page<Record<string, unknown>>> {
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const units = this.unitsOf(actor);
    const rows = await this.reviews.queue({
      organizationId: organizationOf(actor),
      openStages: OPEN_REVIEW_STAGES,
      units,
      businessUnitId: page.businessUnitId,
      after: page.cursor ? this.decodeCursor(page.cursor) : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => staffView(r)),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(
              JSON.stringify({
                f: last.lane === Lane.FastTrack ? 0 : 1,
                at: last.routedAt?.toISOString(),
                id: last.id,
              }),
            ).toString('base64url')
          : null,
    };
  }

  async decide(actor: StaffActor, id: string, input: DecisionInput): Promise<ReviewOutcome> {
    let previousSlaJob: string | null = null;
    const outcome = await this.reviews.transaction(async (manager) => {
      const registration = await this.registrations.lockForActor(manager, actor, id);
      const units = this.unitsOf(actor);
      if (!registration.businessUnitId || (units !== 'all' && !units.includes(registration.businessUnitId))) {
        // A reviewer of another unit learns nothing about this registration.
        throw new NotFoundError('Registration', RegistrationErrorCode.NotFound);
      }
      if (!OPEN_REVIEW_STAGES.includes(registration.stage)) {
        throw new RegistrationError(
          RegistrationErrorCode.InvalidTransition,
          `The registration no longer awaits a decision (stage ${registration.stage}).`,
        );
      }
      const unit = await this.units.findById(manager, registration.businessUnitId);
      const scores = this.checkScores(unit, input.scores ?? {});
      const routedAt = registration.routedAt;
      const reason = input.notes?.trim() ? `${input.decision}: ${input.notes.trim()}` : input.decision;
      let reroutedTo: string | null = null;
      if (input.decision === ReviewDecisionKind.Reroute) {
        if (!input.businessUnitId) {
          throw ValidationError.single('businessUnitId', 'businessUnitId is required to reroute');
        }
        const target = await this.units.findForActor(actor, input.businessUnitId, manager);
        if (target.id === unit.id)
          throw ValidationError.single('businessUnitId', 'businessUnitId must be another unit');
        await this.routing.assign(
          manager,
          actor,
          registration,
          target,
          `rerouted by ${unit.name}: ${reason}`,
        );
        reroutedTo = target.id;
      } else {
        await this.timeline.moveStage(
          manager,
          actor,
          registration,
          STAGE_OF_DECISION[input.decision],
          reason,
        );
        if (input.decision === ReviewDecisionKind.Advance) {
          await this.mail.tell(manager, registration, RegistrationMailTemplate.Advanced, {
            unitName: unit.name,
          });
          // The candidate waits in the event's booking pool; its booking pass books them.
          await this.bookingPool.pool(manager, registration.eventId, [registration.id]);
        } else if (input.decision === ReviewDecisionKind.Reject) {
          await this.mail.tell(manager, registration, RegistrationMailTemplate.Rejected, {
            unitName: unit.name,
          });
        }
      }
      const decision = await this.reviews.addDecision(manager, {
        organizationId: registration.organizationId,
        registrationId: registration.id,
        businessUnitId: unit.id,
        reviewerId: actor.userId,
        decision: input.decision,
        notes: input.notes ?? null,
        scores,
        reroutedTo,
      });
      await this.audit.record(
        actor,
        {
          organizationId: registration.organizationId,
          action: 'registration.decided',
          objectType: 'registration',
          objectId: registration.id,
          details: { decision: input.decision, businessUnitId: unit.id, reroutedTo },
        },
        manager,
      );
      if (routedAt && input.decision !== ReviewDecisionKind.Hold)
        previousSlaJob = slaJobId(registration.id, routedAt);
      return {
        decision: {
          id: decision.id,
          decision: decision.decision,
          notes: decision.notes,
          scores,
          createdAt: decision.createdAt,
        },
        registration: {
          id: registration.id,
          stage: registration.stage,
          businessUnitId: registration.businessUnitId,
          slaDueAt: registration.slaDueAt,
        },
      };
    });
    // The SLA job checks the state itself; removing it only keeps the queue tidy.
    if (previousSlaJob) await this.queue.remove(previousSlaJob).catch(() => undefined);
    return outcome;
  }

  /**
   * The SLA deadline of one routing passed: if the registration still waits for that unit's
   * decision, mark it breached and tell the unit's reviewers and the organization's recruiters.
   */
  async checkSla(payload: SlaCheckPayload): Promise<'breached' | 'not_due' | 'decided'> {
    return this.reviews.transaction(async (manager) => {
      const registration = await this.reviews.lock(manager, payload.registrationId);
      if (!registration || !OPEN_REVIEW_STAGES.includes(registration.stage) || !registration.businessUnitId)
        return 'decided';
      if (registration.routedAt?.toISOString() !== payload.routedAt) return 'decided';
      if (!registration.slaDueAt || registration.slaDueAt.getTime() > Date.now()) return 'not_due';
      if (!(await this.reviews.markSlaBreached(manager, registration.id))) return 'breached';
      const unit = await this.units.findById(manager, registration.businessUnitId);
      const event = await this.events.findById(registration.eventId, manager);
      const staff = await this.reviews.overdueReviewWatchers(manager, registration.organizationId, unit.id);
      for (const user of staff) {
        await this.notifications.queueMail(manager, {
          organizationId: registration.organizationId,
          to: user.email,
          subject: `Review overdue: ${unit.name}, ${event.title}`,
          text:
            `A candidate routed to ${unit.name} on ${registration.routedAt?.toISOString()} has waited longer than ` +
            `the unit's ${unit.reviewSlaHours} h review SLA (due ${registration.slaDueAt.toISOString()}).\n` +
            `Registration ${registration.id}, lane ${registration.lane}.`,
          template: 'review.sla-breached',
          subjectId: registration.id,
        });
      }
      await this.audit.record(
        SYSTEM_ACTOR,
        {
          organizationId: registration.organizationId,
          action: 'registration.sla_breached',
          objectType: 'registration',
          objectId: registration.id,
          details: { businessUnitId: unit.id, slaDueAt: registration.slaDueAt, notified: staff.length },
        },
        manager,
      );
      this.logger.log(`SLA breached for registration ${registration.id} in unit ${unit.code}`);
      return 'breached';
    });
  }

  private unitsOf(actor: StaffActor): string[] | 'all' {
    return hasRole(actor, Role.OrgAdmin) ? 'all' : actor.businessUnitIds;
  }

  private checkScores(unit: BusinessUnit, scores: Record<string, number>): Record<string, number> {
    const criteria = new Set(unit.scorecard.map((c) => c.criterion));
    const details: ErrorDetail[] = [];
    for (const [criterion, score] of Object.entries(scores)) {
      if (!criteria.has(criterion)) {
        details.push({
          field: `scores.${criterion}`,
          messages: [`${criterion} is not on ${unit.name}'s scorecard`],
        });
      } else if (!Number.isInteger(score) || score < 1 || score > 4) {
        details.push({
          field: `scores.${criterion}`,
          messages: [`scores.${criterion} must be an integer from 1 to 4`],
        });
      }
    }
    if (details.length > 0) throw new ValidationError(details);
    return scores;
  }

  private decodeCursor(cursor: string): QueueCursor {
    try {
      const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as QueueCursor;
      if ((c.f === 0 || c.f === 1) && typeof c.at === 'string' && typeof c.id === 'string') return c;
    } catch {
      // fall through
    }
    throw ValidationError.single('cursor', 'cursor is not a cursor this API returned');
  }
}
