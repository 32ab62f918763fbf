/**
 * The names of the candidate mails, shared by the features that send them (registrations,
 * interviews) and those that react to them (webhooks), so none of those imports another for them.
 */
export type MailLocale = 'en' | 'zh';

export enum RegistrationMailTemplate {
  Registered = 'registration.registered',
  Waitlisted = 'registration.waitlisted',
  AccessLink = 'registration.access-link',
  Promoted = 'registration.promoted',
  FastTracked = 'registration.fast-tracked',
  TestRequired = 'registration.test-required',
  TestFailed = 'registration.test-failed',
  Routed = 'registration.routed',
  Advanced = 'registration.advanced',
  Rejected = 'registration.rejected',
  InterviewInvitation = 'interview.invitation',
  InterviewUpdated = 'interview.updated',
  InterviewCancelled = 'interview.cancelled',
  InterviewReminder = 'interview.reminder',
  /** A booked interview no longer fits the windows given: choose a new time. */
  InterviewConflict = 'interview.conflict',
}

export function asMailLocale(locale: string | null | undefined): MailLocale {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Facts of a pipeline step that its mail mentions (stored with the mail until the mail job renders it). */
export interface PipelineMailExtra {
  unitName?: string;
  rule?: string;
  score?: number;
  passScore?: number;
  /** Interview mails: its time in the event's timezone, where, with whom, and the reminder's lead. */
  interviewAt?: string;
  location?: string;
  interviewerName?: string;
  hoursBefore?: number;
}
