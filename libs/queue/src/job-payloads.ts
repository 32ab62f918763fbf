export interface SendMailPayload {
  /** The mail_messages row to deliver; the row holds recipients, subject and bodies. */
  mailId: string;
}

/** The mails one statement stored (a registration batch, an import chunk, promotions), in its order. */
export interface SendMailsPayload {
  mailIds: string[];
}

/** A mail's own delivery job (also the reconciler's, for a mail whose batch job is gone). */
export const sendMailJobId = (mailId: string): string => `mail-${mailId}`;
/** The delivery job of the mails one statement stored, named after its first mail (ids are never reused). */
export const sendMailsJobId = (firstMailId: string): string => `mails-${firstMailId}`;

export interface PasswordResetPayload {
  /** The password_reset_requests row (it holds the email; the job deletes it). */
  requestId: string;
}

export const passwordResetJobId = (requestId: string): string => `password-reset-${requestId}`;

export interface EvaluateRegistrationPayload {
  registrationId: string;
}

export interface SlaCheckPayload {
  registrationId: string;
  /** The routing whose deadline this is (ISO); a later routing has its own job. */
  routedAt: string;
}

export interface TellCandidatePayload {
  registrationId: string;
  /** A RegistrationMailTemplate. */
  template: string;
  /** PipelineMailExtra. */
  extra: object;
  /** When the step happened (ISO); a mail of this template since then means it was told. */
  since: string;
}

/** The pipeline mails one batch step decided (an intake batch, a routing): one job for all of them. */
export interface TellCandidatesPayload {
  tells: TellCandidatePayload[];
}

/** The SLA check of one routing of a registration. */
export const slaJobId = (registrationId: string, routedAt: Date): string =>
  `sla-${registrationId}-${routedAt.getTime()}`;

/** A pipeline mail owed for one step (template) of one registration at one time. */
export const tellJobId = (registrationId: string, template: string, at: Date): string =>
  `tell-${registrationId}-${template}-${at.getTime()}`;
/** The pipeline mails of one batch step, named after its first (a step is taken once). */
export const tellManyJobId = (first: TellCandidatePayload): string =>
  `tells-${first.registrationId}-${first.template}-${Date.parse(first.since)}`;

/**
 * An intake job, named after a registration: the first of the statement that registered it (it
 * stands for the statement's others), or one taken alone; `suffix` marks a later pass (promotion,
 * reconciliation, a locked row).
 */
export const intakeJobId = (registrationId: string, suffix = ''): string =>
  `intake-${registrationId}${suffix ? `-${suffix}` : ''}`;

export interface BookRegistrationPayload {
  registrationId: string;
}

export interface SchedulingRunPayload {
  runId: string;
}

export interface RescheduleInterviewPayload {
  interviewId: string;
  /** The version the candidate asked to move; a later change makes the job a no-op. */
  version: number;
  reason: string | null;
}

export interface InterviewReminderPayload {
  interviewId: string;
  version: number;
  /** Hours before the start: 24 or 1. */
  hoursBefore: number;
}

/** Interview versions to invite to (a version changed since makes that one a no-op). */
export interface InterviewInvitationsPayload {
  interviews: { id: string; version: number }[];
}

/** Reminders of one version of an interview to remove. */
export interface ForgetRemindersPayload {
  interviewId: string;
  version: number;
}

/** An event's booking pass. */
export interface BookingPassPayload {
  eventId: string;
}

/** The flagging of an interview as no longer fitting the windows given (its time, ISO). */
export interface InterviewConflictPayload {
  interviewId: string;
  version: number;
  flaggedAt: string;
}

export type InterviewJobPayload =
  | BookingPassPayload
  | BookRegistrationPayload
  | SchedulingRunPayload
  | RescheduleInterviewPayload
  | InterviewReminderPayload
  | InterviewInvitationsPayload
  | ForgetRemindersPayload
  | InterviewConflictPayload;

/** One booking job per registration: advancing twice, or a retry, books once. */
export const bookJobId = (registrationId: string): string => `book-${registrationId}`;
/** A booking pass owed by the change at `changedAtMs` (or, `max`, by the bound after the first change). */
export const bookingPassJobId = (eventId: string, changedAtMs: number, max = false): string =>
  `booking-pass-${eventId}-${max ? 'max-' : ''}${changedAtMs}`;
/** The prefix of a scheduling run's job id (the reconciler matches owed jobs by it). */
export const SCHEDULING_RUN_JOB_PREFIX = 'run-';
export const schedulingRunJobId = (runId: string): string => `${SCHEDULING_RUN_JOB_PREFIX}${runId}`;
export const rescheduleJobId = (interviewId: string, version: number): string =>
  `reschedule-${interviewId}-v${version}`;
export const reminderJobId = (interviewId: string, version: number, hoursBefore: number): string =>
  `remind-${interviewId}-v${version}-${hoursBefore}h`;
/** A booking batch's invitations, named after its first interview (ids are never reused). */
export const invitationsJobId = (firstInterviewId: string): string => `invite-${firstInterviewId}`;
export const forgetRemindersJobId = (interviewId: string, version: number): string =>
  `forget-reminders-${interviewId}-v${version}`;
/** One conflict mail job per flagging of an interview (flagged again later: another job). */
export const conflictMailJobId = (interviewId: string, flaggedAtMs: number): string =>
  `conflict-mail-${interviewId}-${flaggedAtMs}`;

export interface DeliverWebhookPayload {
  deliveryId: string;
  /** The attempt this job makes; a job whose attempt was already made does nothing. */
  attempt: number;
}

export const deliverWebhookJobId = (deliveryId: string, attempt: number, suffix = ''): string =>
  `webhook-${deliveryId}-a${attempt}${suffix ? `-${suffix}` : ''}`;

export interface ImportRegistrationsPayload {
  importId: string;
}

export const importJobId = (importId: string): string => `import-${importId}`;
