import { RegistrationInterviews } from './registration-interviews.port';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EvaluateRegistrationPayload, IntakeJob, QueueName, intakeJobId } from '@hirefair/queue';
import { Actor, CandidateActor, SYSTEM_ACTOR } from '../common/actor';
import { NotFoundError } from '../common/domain-error';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxService } from '../outbox/outbox.service';
import { BusinessUnitsRepository } from '../business-units/business-units.repository';
import { Candidate } from './candidate.entity';
import { REGISTRATION_TEMPLATES, RegistrationMailTemplate } from './mail-templates';
import {
  RegistrationBatchService,
  RegistrationInput,
  RegistrationReceipt,
} from './registration-batch.service';
import { QueuedMail, RegistrationMailService } from './registration-mail.service';
import { RegistrationStatus, Stage, TimelineField } from './registration-state';
import { RegistrationTimelineService } from './registration-timeline.service';
import { Registration } from './registration.entity';
import { RegistrationErrorCode } from './registrations.errors';
import { RegistrationsRepository } from './registrations.repository';
import { SeatsService } from './seats.service';

/** Queued confirmation mails older than this are re-owed by the reconciler when no relay is pending. */
export const CONFIRMATION_GRACE_MS = 10_000;

/** Runs inside a withdrawal's transaction, after the registration is marked withdrawn. */
export type WithdrawalHook = (
  manager: EntityManager,
  registration: Registration,
  actor: Actor,
) => Promise<unknown>;

/** Registration, withdrawal and erasure, and the candidate's own views. */
@Injectable()
export class RegistrationsService {
  private readonly withdrawalHooks: WithdrawalHook[] = [];

  constructor(
    private readonly notifications: NotificationsService,
    private readonly mails: NotificationsRepository,
    private readonly repository: RegistrationsRepository,
    private readonly batches: RegistrationBatchService,
    private readonly mail: RegistrationMailService,
    private readonly seats: SeatsService,
    private readonly timeline: RegistrationTimelineService,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: OutboxService,
    private readonly interviews: RegistrationInterviews,
    private readonly units: BusinessUnitsRepository,
  ) {}

  /** Registers inside the caller's transaction (the demo seed). */
  async registerWithin(
    manager: EntityManager,
    slug: string,
    input: RegistrationInput,
  ): Promise<RegistrationReceipt> {
    const [{ outcome, receipt }] = await this.batches.registerMany(manager, { slug }, [input]);
    if (!receipt) throw new Error(`demo registration of ${input.email}: ${outcome}`);
    return receipt;
  }

  /** The candidate a token belongs to, or null (also for staff tokens and erased registrations). */
  async authenticate(token: string): Promise<CandidateActor | null> {
    if (!token || token.length > 128) return null;
    const row = await this.repository.byToken(token);
    return row
      ? {
          kind: 'candidate',
          registrationId: row.id,
          candidateId: row.candidate_id,
          organizationId: row.organization_id,
        }
      : null;
  }

  /** Withdraws the registration and erases the candidate's personal data; counts stay right. */
  async withdrawAndErase(
    actor: CandidateActor,
  ): Promise<{ registrationId: string; status: string; erased: true }> {
    await this.repository.transaction(async (manager) => {
      // Candidate first, then seats: the same lock order as a registration, so no deadlock.
      await this.repository.lockCandidate(manager, actor.candidateId);
      const registration = await this.repository.lock(manager, actor.registrationId);
      if (!registration || registration.erasedAt)
        throw new NotFoundError('Registration', RegistrationErrorCode.NotFound);
      if (registration.status !== RegistrationStatus.Withdrawn) {
        await this.markWithdrawn(manager, actor, registration, 'withdrawn by the candidate');
      }
      await this.erase(manager, actor, registration);
      // After the erasure: what the hooks mail (the interviewer's calendar cancellation) carries no
      // personal data and is not scrubbed; the candidate's address is gone, so they get no copy.
      await this.afterWithdrawal(manager, actor, registration);
    });
    await this.idempotency.forgetResponsesWith('registrationId', actor.registrationId);
    return { registrationId: actor.registrationId, status: RegistrationStatus.Withdrawn, erased: true };
  }

  /**
   * Erases a registration's personal data on the system's behalf (data retention), exactly as the
   * candidate's own erase does, without withdrawing it: a completed fair's counts stay as they were.
   * The caller's transaction holds the candidate's row lock (lock order: candidate, registration).
   */
  async eraseAsSystem(manager: EntityManager, registrationId: string, reason: string): Promise<boolean> {
    const registration = await this.repository.lock(manager, registrationId);
    if (!registration || registration.erasedAt) return false;
    await this.erase(manager, SYSTEM_ACTOR, registration, reason);
    return true;
  }

  /**
   * Work another module does in the transaction of every withdrawal (interviews cancel theirs). A
   * registry rather than an injected service: interviews depend on registrations, not the reverse.
   */
  onWithdrawal(hook: WithdrawalHook): void {
    this.withdrawalHooks.push(hook);
  }

  /**
   * Frees the seat (promoting the first waitlisted, who is told by mail), records the change and
   * runs the withdrawal hooks (the interview is cancelled and its slot freed), in the caller's transaction.
   */
  async withdraw(
    manager: EntityManager,
    actor: Actor,
    registration: Registration,
    reason: string,
  ): Promise<void> {
    await this.markWithdrawn(manager, actor, registration, reason);
    await this.afterWithdrawal(manager, actor, registration);
  }

  private async afterWithdrawal(
    manager: EntityManager,
    actor: Actor,
    registration: Registration,
  ): Promise<void> {
    for (const hook of this.withdrawalHooks) await hook(manager, registration, actor);
  }

  private async markWithdrawn(
    manager: EntityManager,
    actor: Actor,
    registration: Registration,
    reason: string,
  ): Promise<void> {
    const wasRegistered = registration.status === RegistrationStatus.Registered;
    await this.repository.markWithdrawn(manager, registration.id);
    await this.timeline.record(manager, actor, registration, {
      field: TimelineField.Status,
      from: registration.status,
      to: RegistrationStatus.Withdrawn,
      reason,
    });
    registration.status = RegistrationStatus.Withdrawn;
    if (!wasRegistered) return;
    const promotedId = await this.seats.release(manager, registration.eventId);
    if (promotedId) await this.announcePromotions(manager, [promotedId], 'a seat was freed by a withdrawal');
  }

  /** Records and mails promotions from the waitlist (SeatsService has already moved them). */
  async announcePromotions(manager: EntityManager, registrationIds: string[], reason: string): Promise<void> {
    if (registrationIds.length === 0) return;
    // Now that they have a seat, the pipeline picks them up where they waited (stage intake): one
    // job for all, the first's, as they commit together and the job runs the event's intake, which
    // takes every owed registration of the event.
    await this.outbox.add(manager, {
      queue: QueueName.Intake,
      name: IntakeJob.Evaluate,
      jobId: intakeJobId(registrationIds[0], `promoted-${Date.now()}`),
      payload: { registrationId: registrationIds[0] } satisfies EvaluateRegistrationPayload,
    });
    const mails: QueuedMail[] = [];
    for (const registrationId of registrationIds) {
      const registration = await this.repository.withCandidate(manager, registrationId);
      if (!registration) throw new Error(`promoted registration ${registrationId} is gone`);
      await this.timeline.record(manager, SYSTEM_ACTOR, registration, {
        field: TimelineField.Status,
        from: RegistrationStatus.Waitlisted,
        to: RegistrationStatus.Registered,
        reason,
      });
      const candidate = registration.candidate as Candidate;
      mails.push({
        template: RegistrationMailTemplate.Promoted,
        to: {
          registrationId,
          organizationId: registration.organizationId,
          email: candidate.email,
          locale: registration.locale,
        },
      });
    }
    // Stored as facts in one statement, owing one mail job for all: the mail job renders each with
    // the check-in code and its QR code.
    await this.mail.queueMany(manager, mails);
  }

  /** The candidate's own view: status, lane, unit, check-in code, what happens next. */
  async candidateView(actor: CandidateActor): Promise<Record<string, unknown>> {
    const manager = this.repository.manager;
    const registration = await this.repository.withCandidate(manager, actor.registrationId);
    if (!registration) throw new NotFoundError('Registration', RegistrationErrorCode.NotFound);
    const event = await this.repository.eventOf(manager, registration.eventId);
    const unit = registration.businessUnitId
      ? await this.units.findOne(manager, registration.businessUnitId)
      : null;
    const waitlistPosition =
      registration.status === RegistrationStatus.Waitlisted
        ? await this.repository.waitlistPosition(registration.eventId, registration.seq)
        : null;
    const seated = registration.status === RegistrationStatus.Registered;
    const interview =
      (await this.interviews.current(manager, [registration.id])).get(registration.id) ?? null;
    const availability = await this.repository.availability(registration.id);
    return {
      registrationId: registration.id,
      candidate: { name: registration.candidate?.name, email: registration.candidate?.email },
      event: {
        id: event.id,
        slug: event.slug,
        title: event.title,
        city: event.city,
        venue: event.venue,
        online: event.online,
        timezone: event.timezone,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        status: event.status,
      },
      status: registration.status,
      lane: registration.lane,
      stage: registration.stage,
      businessUnit: unit ? { id: unit.id, name: unit.name } : null,
      waitlistPosition,
      checkInCode: seated ? registration.checkInCode : null,
      checkedInAt: registration.checkedInAt,
      interview,
      /** The windows the candidate gave for interviews; none = any time. */
      availability,
      nextStep: nextStep(registration, interview),
      createdAt: registration.createdAt,
    };
  }

  /** Every stored fact about the candidate, as JSON. */
  async dataExport(actor: CandidateActor): Promise<Record<string, unknown>> {
    const manager = this.repository.manager;
    const candidate = await this.repository.findCandidate(manager, actor.candidateId);
    if (!candidate) throw new NotFoundError('Registration', RegistrationErrorCode.NotFound);
    const registrations = await this.repository.ofCandidate(manager, actor.candidateId);
    const exported = [];
    for (const r of registrations) {
      const event = await this.repository.eventOf(manager, r.eventId);
      exported.push({
        ...r,
        seq: Number(r.seq),
        event: { id: event.id, title: event.title, slug: event.slug, startsAt: event.startsAt },
        timeline: await this.timeline.list(manager, r.id),
      });
    }
    const mails = await this.mails.about(
      manager,
      registrations.map((r) => r.id),
    );
    return {
      exportedAt: new Date().toISOString(),
      candidate,
      registrations: exported,
      mails: mails.map((m) => ({
        id: m.id,
        to: m.to,
        template: m.template,
        locale: m.locale,
        subject: m.subject,
        text: m.text,
        status: m.status,
        createdAt: m.createdAt,
        sentAt: m.sentAt,
      })),
    };
  }

  /**
   * Reconciler check: confirmation mails still queued after the grace period whose outbox row
   * was relayed (so their job should be in Redis) are re-enqueued with the same job id. After a
   * Redis that restarted empty this re-creates the lost jobs; otherwise BullMQ ignores the add.
   */
  async reconcileMails(olderThanMs = CONFIRMATION_GRACE_MS): Promise<number> {
    return this.notifications.reconcile(olderThanMs, REGISTRATION_TEMPLATES);
  }

  /**
   * Erases what identifies the person: name, email, phone (with the candidate row once no other
   * registration needs it), profile (publications, awards, links, referral, salary), tokens,
   * check-in code and mail bodies. Kept, for the counts and reports: status, stage, lane, unit,
   * city, degree, years and specialties (coarse attributes), the timeline, and the consent record.
   */
  private async erase(
    manager: EntityManager,
    actor: Actor,
    registration: Registration,
    reason = 'personal data erased at the candidate’s request',
  ): Promise<void> {
    await this.repository.erase(manager, registration, new Date());
    await this.mails.eraseAbout(manager, registration.id);
    // The candidate row goes once no other registration needs it.
    if ((await this.repository.unerasedCount(manager, registration.candidateId)) === 0) {
      await this.repository.eraseCandidate(manager, registration.candidateId);
    }
    await this.timeline.record(manager, actor, registration, {
      field: TimelineField.Erasure,
      from: null,
      to: 'erased',
      reason,
    });
  }
}

function nextStep(registration: Registration, interview: Record<string, unknown> | null): string {
  if (registration.status === RegistrationStatus.Withdrawn) return 'You have withdrawn from this event.';
  if (registration.status === RegistrationStatus.Waitlisted)
    return 'You are on the waitlist; we will email you if a seat becomes free.';
  if (registration.lane === null) return 'We are reviewing your profile; you will hear from us by email.';
  if (registration.stage === Stage.InterviewScheduled && interview?.status === 'scheduled')
    return 'Your interview is booked: confirm it, decline it or ask for another time.';
  if (registration.stage === Stage.InterviewScheduled) return 'Your interview is confirmed; see you there.';
  if (registration.stage === Stage.Advanced && interview?.status === 'declined')
    return 'You declined your interview; the team will get back to you by email.';
  if (registration.stage === Stage.Advanced)
    return 'The team wants to interview you; we are booking a time and will email you an invitation.';
  if (registration.stage === Stage.Interviewed)
    return 'Your interview is done; the team will tell you its decision.';
  if (registration.stage === Stage.Offer) return 'The team will make you an offer; watch your email.';
  return 'Your application is in progress; you will hear from us by email.';
}
