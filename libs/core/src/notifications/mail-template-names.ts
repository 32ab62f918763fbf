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
