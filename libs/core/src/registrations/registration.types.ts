import { MailAttachment, MailLink, MailRenderContext } from '../notifications/mail-message.entity';

/*
 * What the registration statements (SQL text in registration-sql.ts, run by RegistrationsRepository)
 * take, and the names their callers share with them; no SQL here, so services import this file.
 */

/** Events a recruiter may import registrations into (offline sign-ups before and during the fair). */
export const IMPORTABLE_EVENT_STATUSES = ['draft', 'published', 'closed'] as const;

/** The constraint a registration of an email already registered for the event breaks. */
export const REGISTRATION_UNIQUE = 'registrations_event_candidate_unique';

/** A mail rendered in one language. */
export interface MailVariant {
  template: string;
  subject: string;
  text: string;
  html: string;
  links: { label: string; url: string }[];
}

/** The facts of one registration, as the request prepared them: no event read, nothing rendered. */
export interface RegistrationRecord {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  checkInCode: string;
  tokenHash: string;
  /** The candidate's language; null takes the event's. */
  locale: string | null;
  degree: string;
  yearsOfExperience: number;
  city: string;
  specialties: string[];
  profile: object;
  consent: object;
  mailId: string;
  accessUrl: string;
}

/** Where a batch registers: an open event by slug (online), or by id for a recruiter's import. */
export type RegistrationTarget = { slug: string } | { eventId: string; importedBy: string; reason: string };

/** A candidate mail to store as facts (rendered by the mail job), with the token its link carries. */
export interface StoredMail {
  mailId: string;
  registrationId: string;
  /** Hash of the token in the mail's link: added to the registration's live tokens. */
  tokenHash: string;
  organizationId: string;
  to: string;
  template: string;
  locale: string;
  links: MailLink[];
  attachments: MailAttachment[];
  renderContext: MailRenderContext;
  /**
   * Stored only if no mail of this template about the registration was written since then (ISO
   * time): checked by the storing statement itself, so after the caller's lock on the registration.
   */
  unlessToldSince?: string;
}

/**
 * A pipeline mail a job owes (a tell), ready for TELL_MAILS_SQL: the new mail's id, the token its
 * link carries and its facts; the recipient is read from the registration the statement locks.
 */
export interface TellMail {
  mailId: string;
  registrationId: string;
  template: string;
  /** The step it tells of (ISO time): stored as the mail's `step_at`. */
  since: string;
  /** Hash of the token in the mail's link: added to the registration's live tokens. */
  tokenHash: string;
  links: MailLink[];
  renderContext: MailRenderContext;
}

/** What a job's pipeline mails came to, by outcome. */
export interface TellCounts {
  /** Stored now. */
  told: number;
  /** Told since the step already (the job ran before, or twice at once). */
  already: number;
  /** The registration does not exist. */
  missing: number;
  /** The step no longer holds (withdrawn, erased, routed again, out of the stage told about). */
  stale: number;
}

/** A timeline row as stored. */
export interface TimelineInsert {
  registrationId: string;
  organizationId: string;
  actorType: string;
  actorId: string | null;
  field: string;
  from: string | null;
  to: string | null;
  reason: string | null;
}
