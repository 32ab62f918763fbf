import { currentInterview } from '../interviews/interview-view';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  EvaluateRegistrationPayload,
  IntakeJob,
  NotificationJob,
  QueueName,
  SendMailPayload,
  intakeJobId,
} from '@hirefair/queue';
import { Actor, CandidateActor, SYSTEM_ACTOR } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { ErrorKind, NotFoundError } from '../common/domain-error';
import { hashSecret } from '../common/tokens';
import { EventErrorCode } from '../events/events.errors';
import { EventStatus } from '../events/event-state';
import { HiringEvent } from '../events/event.entity';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { OutboxService } from '../outbox/outbox.service';
import { MailMessage, MailStatus } from '../notifications/mail-message.entity';
import { sendMailJobId } from '../notifications/notifications.service';
import { Candidate } from './candidate.entity';
import { REGISTRATION_TEMPLATES, RegistrationMailTemplate, checkInQr } from './mail-templates';
import { MailRecipient, RegistrationMailService } from './registration-mail.service';
import {
  REGISTRATION_SQL,
  REGISTRATION_UNIQUE,
  RegistrationRecord,
  registrationParams,
  rowsOf,
} from './registration-sql';
import { RegistrationStatus, Stage, TimelineField } from './registration-state';
import { RegistrationTimelineService } from './registration-timeline.service';
import { Award, Publication, Registration, RegistrationProfile } from './registration.entity';
import { RegistrationError, RegistrationErrorCode } from './registrations.errors';
import { SeatsService } from './seats.service';

export interface RegistrationInput {
  name: string;
  email: string;
  phone?: string;
  city: string;
  specialties: string[];
  degree: string;
  yearsOfExperience: number;
  publications?: Publication[];
  awards?: Award[];
  githubUrl?: string;
  resumeUrl?: string;
  referralCode?: string;
  expectedMonthlySalaryCny?: number;
  locale?: string;
  consent: { privacyPolicyVersion: string; shareWithBusinessUnits: boolean };
}

export interface RegistrationReceipt {
  registrationId: string;
  status: RegistrationStatus;
  candidateToken: string;
}

interface PublicEventRow {
  id: string;
  slug: string;
  organization_id: string;
  status: EventStatus;
  title: string;
  city: string;
  timezone: string;
  locale: string;
  starts_at: Date;
  registration_opens_at: Date;
  registration_closes_at: Date;
  seats_left: boolean;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 10 characters of a 32-letter alphabet without look-alikes (0/O, 1/I): 50 random bits. */
export function newCheckInCode(): string {
  return [...randomBytes(10)].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/**
 * The rush reads the same event thousands of times a second: registration keeps it a second.
 * Only details (title, time zone, whether seats looked left) may be that stale: the statement
 * itself checks that the event is open.
 */
const EVENT_CACHE_MS = 1000;

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
  private readonly events = new Map<string, { row: PublicEventRow; until: number }>();
  private readonly withdrawalHooks: WithdrawalHook[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) private readonly mailQueue: Queue<SendMailPayload>,
    private readonly mail: RegistrationMailService,
    private readonly seats: SeatsService,
    private readonly timeline: RegistrationTimelineService,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: OutboxService,
  ) {}

  async register(slug: string, input: RegistrationInput): Promise<RegistrationReceipt> {
    const event = await this.openEvent(this.dataSource.manager, slug);
    const prepared = await this.prepare(event, input);
    try {
      return await this.insert(this.dataSource.manager, prepared);
    } catch (error) {
      if (isUniqueViolation(error, REGISTRATION_UNIQUE)) {
        await this.resendAccessLink(event, prepared.email);
        throw new RegistrationError(
          RegistrationErrorCode.AlreadyRegistered,
          'This email is already registered for this event; we have emailed its access link again.',
        );
      }
      throw error;
    }
  }

  /** Registers inside the caller's transaction (the demo seed). */
  async registerWithin(
    manager: EntityManager,
    slug: string,
    input: RegistrationInput,
  ): Promise<RegistrationReceipt> {
    const event = await this.openEvent(manager, slug);
    return this.insert(manager, await this.prepare(event, input));
  }

  /**
   * Registers rows of a recruiter's import inside the caller's transaction: the same statement,
   * seats, waitlist, mails with the access link and intake job as online, but the event only has to
   * accept imports (IMPORTABLE_EVENT_STATUSES), whatever its window. A duplicate email throws the
   * unique violation (REGISTRATION_UNIQUE), as online. Mails are rendered before the first insert.
   */
  async registerImported(
    manager: EntityManager,
    eventId: string,
    importedBy: string,
    reason: string,
    inputs: RegistrationInput[],
  ): Promise<RegistrationReceipt[]> {
    const [event]: PublicEventRow[] = await manager.query(REGISTRATION_SQL.importEvent, [eventId]);
    if (!event) throw closed();
    const prepared = [];
    for (const input of inputs) prepared.push(await this.prepare(event, input));
    // Every candidate row of the batch first, in email order, as one statement: the batch then takes
    // the seat lock holding all its candidate rows, as an online registration (candidate row, then
    // seat) does, so the two cannot deadlock.
    await manager.query(
      `INSERT INTO candidates (organization_id, email, name, phone)
       SELECT DISTINCT ON (v.email) $1, v.email, v.name, v.phone
         FROM unnest($2::text[], $3::text[], $4::text[]) AS v(email, name, phone)
        ORDER BY v.email
       ON CONFLICT (organization_id, email) DO UPDATE SET updated_at = candidates.updated_at`,
      [
        event.organization_id,
        prepared.map((r) => r.email),
        prepared.map((r) => r.name),
        prepared.map((r) => r.phone),
      ],
    );
    const receipts: RegistrationReceipt[] = [];
    for (const r of prepared)
      receipts.push(await this.insert(manager, { ...r, importedBy, timelineReason: reason }));
    return receipts;
  }

  private async prepare(
    event: PublicEventRow,
    input: RegistrationInput,
  ): Promise<RegistrationRecord & { token: string; slug: string }> {
    const id = randomUUID();
    const email = input.email.trim().toLowerCase();
    const checkInCode = newCheckInCode();
    const token = this.mail.newToken();
    const locale = input.locale ?? event.locale;
    const recipient = this.recipient(id, event, { email, name: input.name, locale, checkInCode });
    // Rendered before the statement: no CPU work while the seat is locked. The QR code costs
    // about a millisecond, so it is skipped when the event looked full.
    const qr = event.seats_left ? await checkInQr(checkInCode) : undefined;
    const registeredMail = await this.mail.render(
      RegistrationMailTemplate.Registered,
      recipient,
      token.token,
      qr,
    );
    const waitlistedMail = await this.mail.render(
      RegistrationMailTemplate.Waitlisted,
      recipient,
      token.token,
    );
    const profile: RegistrationProfile = {
      publications: input.publications,
      awards: input.awards,
      githubUrl: input.githubUrl,
      resumeUrl: input.resumeUrl,
      referralCode: input.referralCode,
      expectedMonthlySalaryCny: input.expectedMonthlySalaryCny,
    };
    return {
      slug: event.slug,
      id,
      organizationId: event.organization_id,
      eventId: event.id,
      email,
      name: input.name,
      phone: input.phone ?? null,
      checkInCode,
      tokenHash: token.hash,
      token: token.token,
      locale,
      degree: input.degree,
      yearsOfExperience: input.yearsOfExperience,
      city: input.city,
      specialties: [...new Set(input.specialties)],
      profile,
      consent: { ...input.consent, givenAt: new Date().toISOString() },
      mailId: randomUUID(),
      mailLocale: registeredMail.locale,
      registeredMail,
      waitlistedMail,
    };
  }

  /** One statement, so it commits on its own unless the caller's manager holds a transaction. */
  private async insert(
    manager: EntityManager,
    r: RegistrationRecord & { token: string; slug: string },
  ): Promise<RegistrationReceipt> {
    const [created]: { status: RegistrationStatus }[] = await manager.query(
      REGISTRATION_SQL.register,
      registrationParams(r),
    );
    if (!created) {
      this.events.delete(r.slug);
      throw closed();
    }
    return { registrationId: r.id, status: created.status, candidateToken: r.token };
  }

  /** The candidate a token belongs to, or null (also for staff tokens and erased registrations). */
  async authenticate(token: string): Promise<CandidateActor | null> {
    if (!token || token.length > 128) return null;
    const [row]: { id: string; candidate_id: string; organization_id: string }[] =
      await this.dataSource.query(
        `SELECT id, candidate_id, organization_id FROM registrations
        WHERE token_hashes @> ARRAY[$1::text] AND erased_at IS NULL`,
        [hashSecret(token)],
      );
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
    await this.dataSource.transaction(async (manager) => {
      // Candidate first, then seats: the same lock order as a registration, so no deadlock.
      await manager.query(`SELECT 1 FROM candidates WHERE id = $1 FOR UPDATE`, [actor.candidateId]);
      const registration = await manager.getRepository(Registration).findOne({
        where: { id: actor.registrationId },
        lock: { mode: 'pessimistic_write' },
      });
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
    const registration = await manager.getRepository(Registration).findOne({
      where: { id: registrationId },
      lock: { mode: 'pessimistic_write' },
    });
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
    await manager
      .getRepository(Registration)
      .update({ id: registration.id }, { status: RegistrationStatus.Withdrawn, withdrawnAt: new Date() });
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
    for (const registrationId of registrationIds) {
      const registration = await manager
        .getRepository(Registration)
        .findOneOrFail({ where: { id: registrationId }, relations: { candidate: true } });
      const event = await manager.getRepository(HiringEvent).findOneByOrFail({ id: registration.eventId });
      await this.timeline.record(manager, SYSTEM_ACTOR, registration, {
        field: TimelineField.Status,
        from: RegistrationStatus.Waitlisted,
        to: RegistrationStatus.Registered,
        reason,
      });
      // Now that it has a seat, the pipeline picks it up where it waited (stage intake).
      await this.outbox.add(manager, {
        queue: QueueName.Intake,
        name: IntakeJob.Evaluate,
        jobId: intakeJobId(registrationId, `promoted-${Date.now()}`),
        payload: { registrationId } satisfies EvaluateRegistrationPayload,
      });
      const candidate = registration.candidate as Candidate;
      await this.mail.queue(manager, RegistrationMailTemplate.Promoted, {
        registrationId,
        organizationId: registration.organizationId,
        email: candidate.email,
        name: candidate.name,
        locale: registration.locale,
        checkInCode: registration.checkInCode,
        event,
      });
    }
  }

  /** The candidate's own view: status, lane, unit, check-in code, what happens next. */
  async candidateView(actor: CandidateActor): Promise<Record<string, unknown>> {
    const registration = await this.dataSource.getRepository(Registration).findOne({
      where: { id: actor.registrationId },
      relations: { candidate: true },
    });
    if (!registration) throw new NotFoundError('Registration', RegistrationErrorCode.NotFound);
    const event = await this.dataSource
      .getRepository(HiringEvent)
      .findOneByOrFail({ id: registration.eventId });
    const [unit]: { id: string; name: string }[] = registration.businessUnitId
      ? await this.dataSource.query(`SELECT id, name FROM business_units WHERE id = $1`, [
          registration.businessUnitId,
        ])
      : [];
    let waitlistPosition: number | null = null;
    if (registration.status === RegistrationStatus.Waitlisted) {
      const [row]: { ahead: string }[] = await this.dataSource.query(
        `SELECT count(*) AS ahead FROM registrations WHERE event_id = $1 AND status = 'waitlisted' AND seq < $2`,
        [registration.eventId, registration.seq],
      );
      waitlistPosition = Number(row.ahead) + 1;
    }
    const seated = registration.status === RegistrationStatus.Registered;
    const interview = await currentInterview(this.dataSource.manager, registration.id);
    const availability: { startsAt: Date; endsAt: Date }[] = await this.dataSource.query(
      `SELECT lower(during) AS "startsAt", upper(during) AS "endsAt" FROM candidate_availability
        WHERE registration_id = $1 ORDER BY lower(during)`,
      [registration.id],
    );
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
      businessUnit: unit ?? null,
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
    const manager = this.dataSource.manager;
    const candidate = await manager.getRepository(Candidate).findOneByOrFail({ id: actor.candidateId });
    const registrations = await manager.getRepository(Registration).find({
      where: { candidateId: actor.candidateId },
      order: { createdAt: 'ASC' },
    });
    const exported = [];
    for (const r of registrations) {
      const event = await manager.getRepository(HiringEvent).findOneByOrFail({ id: r.eventId });
      exported.push({
        ...r,
        seq: Number(r.seq),
        event: { id: event.id, title: event.title, slug: event.slug, startsAt: event.startsAt },
        timeline: await this.timeline.list(manager, r.id),
      });
    }
    const mails =
      registrations.length === 0
        ? []
        : await manager.getRepository(MailMessage).find({
            where: registrations.map((r) => ({ subjectId: r.id })),
            order: { createdAt: 'ASC' },
          });
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
    const owed: { id: string }[] = await this.dataSource.query(
      `SELECT m.id FROM mail_messages m
        WHERE m.status = $1 AND m.template = ANY($2::text[]) AND m.created_at < now() - ($3 || ' milliseconds')::interval
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.relayed_at IS NULL AND o.job_id = 'mail-' || m.id::text)
        ORDER BY m.created_at LIMIT 1000`,
      [MailStatus.Queued, REGISTRATION_TEMPLATES, String(olderThanMs)],
    );
    if (owed.length === 0) return 0;
    await this.mailQueue.addBulk(
      owed.map((m) => ({
        name: NotificationJob.SendMail,
        data: { mailId: m.id },
        opts: { jobId: sendMailJobId(m.id) },
      })),
    );
    return owed.length;
  }

  private async openEvent(manager: EntityManager, slug: string): Promise<PublicEventRow> {
    let event = this.events.get(slug);
    if (!event || event.until <= Date.now()) {
      const [row]: PublicEventRow[] = await manager.query(REGISTRATION_SQL.event, [slug]);
      event = row ? { row, until: Date.now() + EVENT_CACHE_MS } : undefined;
      if (event) this.events.set(slug, event);
      else this.events.delete(slug);
    }
    return this.checkOpen(manager, slug, event?.row);
  }

  private async checkOpen(
    manager: EntityManager,
    slug: string,
    event: PublicEventRow | undefined,
  ): Promise<PublicEventRow> {
    if (!event) {
      const exists = await manager.getRepository(HiringEvent).exists({ where: { slug } });
      if (!exists) throw new NotFoundError('Event', EventErrorCode.NotFound);
      throw closed();
    }
    const now = Date.now();
    if (
      event.status !== EventStatus.Published ||
      now < event.registration_opens_at.getTime() ||
      now >= event.registration_closes_at.getTime()
    ) {
      throw closed();
    }
    return event;
  }

  private recipient(
    registrationId: string,
    event: PublicEventRow,
    who: { email: string; name: string; locale: string; checkInCode: string | null },
  ): MailRecipient {
    return {
      registrationId,
      organizationId: event.organization_id,
      ...who,
      event: { title: event.title, city: event.city, timezone: event.timezone, startsAt: event.starts_at },
    };
  }

  /**
   * The personal link mailed again on request (the status page's "send me my link"), for any public
   * fair, open for registration or not. Silent either way: the answer tells nobody who registered.
   */
  async requestAccessLink(slug: string, email: string): Promise<{ message: string }> {
    const [event]: PublicEventRow[] = await this.dataSource.query(REGISTRATION_SQL.event, [slug]);
    if (event) await this.resendAccessLink(event, email.trim().toLowerCase());
    return { message: 'If this email is registered for the fair, its personal link has been emailed.' };
  }

  /** Emails a fresh access link for an existing registration, at most once a minute per registration. */
  private async resendAccessLink(event: PublicEventRow, email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [found]: {
        id: string;
        status: RegistrationStatus;
        locale: string;
        check_in_code: string | null;
        name: string;
      }[] = await manager.query(
        `SELECT r.id, r.status, r.locale, r.check_in_code, c.name FROM registrations r
           JOIN candidates c ON c.id = r.candidate_id
          WHERE r.event_id = $1 AND c.organization_id = $2 AND c.email = $3 AND r.erased_at IS NULL`,
        [event.id, event.organization_id, email],
      );
      if (!found) return;
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [found.id]);
      const recent = rowsOf<unknown>(
        await manager.query(
          `SELECT 1 FROM mail_messages WHERE subject_id = $1 AND template = $2
             AND created_at > now() - interval '1 minute'`,
          [found.id, RegistrationMailTemplate.AccessLink],
        ),
      );
      if (recent.length > 0) return;
      await this.mail.queue(
        manager,
        RegistrationMailTemplate.AccessLink,
        this.recipient(found.id, event, {
          email,
          name: found.name,
          locale: found.locale,
          checkInCode: found.status === RegistrationStatus.Registered ? found.check_in_code : null,
        }),
      );
    });
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
    const erasedAt = new Date();
    await manager.getRepository(Registration).update(
      { id: registration.id },
      {
        profile: {},
        tokenHashes: [],
        checkInCode: null,
        consent: { ...registration.consent, erasedAt: erasedAt.toISOString() },
        erasedAt,
      },
    );
    await manager.query(
      `UPDATE mail_messages SET to_address = 'erased', subject = 'erased', text_body = '', html_body = NULL,
              links = '[]', attachments = '[]',
              status = CASE WHEN status = 'queued' THEN 'failed' ELSE status END,
              last_error = CASE WHEN status = 'queued' THEN 'erased before delivery' ELSE last_error END
        WHERE subject_id = $1`,
      [registration.id],
    );
    const [others]: { count: string }[] = await manager.query(
      `SELECT count(*) FROM registrations WHERE candidate_id = $1 AND erased_at IS NULL`,
      [registration.candidateId],
    );
    if (Number(others.count) === 0) {
      await manager.query(
        `UPDATE candidates SET name = 'erased', email = 'erased-' || id::text || '@erased.invalid', phone = NULL,
                erased_at = now(), updated_at = now()
          WHERE id = $1`,
        [registration.candidateId],
      );
    }
    await this.timeline.record(manager, actor, registration, {
      field: TimelineField.Erasure,
      from: null,
      to: 'erased',
      reason,
    });
  }
}

function closed(): RegistrationError {
  return new RegistrationError(
    RegistrationErrorCode.Closed,
    'Registration for this event is not open.',
    ErrorKind.Conflict,
  );
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
