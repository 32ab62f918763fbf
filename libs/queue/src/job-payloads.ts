export interface SendMailPayload {
  /** The mail_messages row to deliver; the row holds recipients, subject and bodies. */
  mailId: string;
}

export interface EvaluateRegistrationPayload {
  registrationId: string;
}

export interface SlaCheckPayload {
  registrationId: string;
  /** The routing whose deadline this is (ISO); a later routing has its own job. */
  routedAt: string;
}

/** One intake job per registration; `suffix` marks a later pass (promotion, reconciliation). */
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

export type InterviewJobPayload =
  BookRegistrationPayload | SchedulingRunPayload | RescheduleInterviewPayload | InterviewReminderPayload;

/** One booking job per registration: advancing twice, or a retry, books once. */
export const bookJobId = (registrationId: string): string => `book-${registrationId}`;
export const schedulingRunJobId = (runId: string): string => `run-${runId}`;
export const rescheduleJobId = (interviewId: string, version: number): string =>
  `reschedule-${interviewId}-v${version}`;
export const reminderJobId = (interviewId: string, version: number, hoursBefore: number): string =>
  `remind-${interviewId}-v${version}-${hoursBefore}h`;
