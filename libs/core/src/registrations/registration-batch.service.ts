import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/db-errors';
import { randomCode } from '../common/tokens';
import { Coalescer, Settled } from '../common/coalescer';
import { ErrorKind, NotFoundError } from '../common/domain-error';
import { EventErrorCode } from '../events/events.errors';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { RegistrationMailTemplate } from './mail-templates';
import { RegistrationMailService } from './registration-mail.service';
import { REGISTRATION_UNIQUE, RegistrationRecord, RegistrationTarget } from './registration.types';
import { RegistrationStatus } from './registration-state';
import { Award, Publication, RegistrationProfile } from './registration.entity';
import { RegistrationError, RegistrationErrorCode } from './registrations.errors';
import { RegistrationsRepository } from './registrations.repository';

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

/** How one registration of a batch ended: its status, or why it has no row. */
export type RegistrationOutcome = RegistrationStatus | 'duplicate' | 'closed' | 'missing';

/** Concurrent online registrations of one event wait at most this long to share a statement. */
export const BATCH_WINDOW_MS = 2;
export const MAX_BATCH = 64;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 10 characters of a 32-letter alphabet without look-alikes (0/O, 1/I): 50 random bits. */
export function newCheckInCode(): string {
  return randomCode(CODE_ALPHABET, 10);
}

type Prepared = RegistrationRecord & { token: string };

/**
 * Registration, online and imported, in batches: each request stores its facts (no event read,
 * nothing rendered: the mail job renders the mails) and the registrations of one event arriving
 * together are taken by one statement (REGISTER_BATCH_SQL). Coalescing is per process; seats,
 * arrival order and one registration per email hold in the database whatever the processes.
 */
@Injectable()
export class RegistrationBatchService {
  private readonly online = new Coalescer<Prepared, RegistrationOutcome>(
    (slug, items) => this.take({ slug }, items),
    { windowMs: BATCH_WINDOW_MS, maxBatch: MAX_BATCH },
  );

  constructor(
    private readonly repository: RegistrationsRepository,
    private readonly mail: RegistrationMailService,
    private readonly mails: NotificationsRepository,
  ) {}

  /** An online registration: 201 with its own status as soon as its batch commits. */
  async register(slug: string, input: RegistrationInput): Promise<RegistrationReceipt> {
    const prepared = this.prepare(input);
    const outcome = await this.online.submit(slug, prepared);
    return this.receipt({ slug }, prepared, outcome);
  }

  /**
   * Registrations in the caller's transaction, all in one statement (imports, the demo seed): the
   * outcome of each input, in order. A concurrent registration of one of the emails fails the
   * statement on REGISTRATION_UNIQUE (the caller may go again row by row).
   */
  async registerMany(
    manager: EntityManager,
    target: RegistrationTarget,
    inputs: RegistrationInput[],
  ): Promise<{ outcome: RegistrationOutcome; receipt?: RegistrationReceipt }[]> {
    const prepared = inputs.map((input) => this.prepare(input));
    const result = await this.repository.registerBatch(target, prepared, manager);
    return prepared.map((p) => {
      const outcome = outcomeOf(result, p);
      return {
        outcome,
        receipt:
          outcome === 'registered' || outcome === 'waitlisted'
            ? { registrationId: p.id, status: outcome, candidateToken: p.token }
            : undefined,
      };
    });
  }

  /** Turns an outcome into the answer: a receipt, or the error (a duplicate gets its link mailed again). */
  async receipt(
    target: RegistrationTarget,
    prepared: Prepared,
    outcome: RegistrationOutcome,
  ): Promise<RegistrationReceipt> {
    if (outcome === 'missing') throw new NotFoundError('Event', EventErrorCode.NotFound);
    if (outcome === 'closed')
      throw new RegistrationError(
        RegistrationErrorCode.Closed,
        'Registration for this event is not open.',
        ErrorKind.Conflict,
      );
    if (outcome === 'duplicate') {
      await this.resendAccessLink(target, prepared.email);
      throw new RegistrationError(
        RegistrationErrorCode.AlreadyRegistered,
        'This email is already registered for this event; we have emailed its access link again.',
      );
    }
    return { registrationId: prepared.id, status: outcome, candidateToken: prepared.token };
  }

  /**
   * One statement for the batch; if it fails, the batch is taken again one by one so that one
   * failing registration never fails its neighbours (a unique violation alone is a duplicate).
   */
  private async take(target: RegistrationTarget, items: Prepared[]): Promise<Settled<RegistrationOutcome>[]> {
    try {
      const result = await this.repository.registerBatch(target, items);
      return items.map((p) => ({ ok: true, value: outcomeOf(result, p) }));
    } catch (error) {
      if (items.length === 1)
        return [
          isUniqueViolation(error, REGISTRATION_UNIQUE)
            ? { ok: true, value: 'duplicate' }
            : { ok: false, error },
        ];
      const settled: Settled<RegistrationOutcome>[] = [];
      for (const item of items) settled.push(...(await this.take(target, [item])));
      return settled;
    }
  }

  /** The facts of one registration: ids, token, check-in code; cheap, no I/O. */
  private prepare(input: RegistrationInput): Prepared {
    const id = randomUUID();
    const token = this.mail.newToken();
    const profile: RegistrationProfile = {
      publications: input.publications,
      awards: input.awards,
      githubUrl: input.githubUrl,
      resumeUrl: input.resumeUrl,
      referralCode: input.referralCode,
      expectedMonthlySalaryCny: input.expectedMonthlySalaryCny,
    };
    return {
      id,
      email: input.email.trim().toLowerCase(),
      name: input.name,
      phone: input.phone ?? null,
      checkInCode: newCheckInCode(),
      tokenHash: token.hash,
      token: token.token,
      locale: input.locale ?? null,
      degree: input.degree,
      yearsOfExperience: input.yearsOfExperience,
      city: input.city,
      specialties: [...new Set(input.specialties)],
      profile,
      consent: { ...input.consent, givenAt: new Date().toISOString() },
      mailId: randomUUID(),
      accessUrl: this.mail.accessUrl(token.token),
    };
  }

  /**
   * The personal link mailed again on request (the status page's "send me my link"). Silent either
   * way: the answer tells nobody who registered.
   */
  async requestAccessLink(slug: string, email: string): Promise<{ message: string }> {
    await this.resendAccessLink({ slug }, email.trim().toLowerCase());
    return { message: 'If this email is registered for the fair, its personal link has been emailed.' };
  }

  /**
   * Emails a fresh access link for an existing registration, at most once a minute per
   * registration. The mail is stored as facts for the mail job; the transaction is the locked lookup,
   * then one statement for the token, mail and outbox rows.
   */
  private async resendAccessLink(target: RegistrationTarget, email: string): Promise<void> {
    const event = await this.repository.eventForMail(target);
    if (!event) return;
    await this.repository.transaction(async (manager) => {
      const found = await this.repository.forResend(manager, event.id, event.organization_id, email);
      if (!found) return;
      if (await this.mails.toldWithinAMinute(manager, found.id, RegistrationMailTemplate.AccessLink)) return;
      await this.mail.queue(manager, RegistrationMailTemplate.AccessLink, {
        registrationId: found.id,
        organizationId: event.organization_id,
        email,
        locale: found.locale,
      });
    });
  }
}

function outcomeOf(
  result: { found: boolean; open: boolean; registered: Map<string, RegistrationStatus> },
  p: RegistrationRecord,
): RegistrationOutcome {
  if (!result.found) return 'missing';
  if (!result.open) return 'closed';
  return result.registered.get(p.id) ?? 'duplicate';
}
