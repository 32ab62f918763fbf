/** Every BullMQ queue of hirefair. Names are part of Redis keys: never rename one that is in use. */
export enum QueueName {
  Notifications = 'notifications',
  Maintenance = 'maintenance',
  /** Waiver evaluation and routing of new registrations. */
  Intake = 'intake',
  /**
   * The candidate mails owed by pipeline steps (routed, fast-tracked, written test required),
   * rendered apart from the step: in their own queue, so that a backlog of mails never delays the
   * intake jobs of new registrations.
   */
  PipelineMail = 'pipeline-mail',
  /** Review SLA deadlines (delayed jobs). */
  Reviews = 'reviews',
  /** Interview bookings, scheduling runs, reschedules and reminders. */
  InterviewScheduling = 'interview-scheduling',
  /** CSV imports of registrations: one job per import. */
  Imports = 'imports',
  /** Webhook deliveries: one job per attempt (the service schedules retries itself). */
  Webhooks = 'webhooks',
}

/** Job names, per queue. */
export enum NotificationJob {
  SendMail = 'send-mail',
  /** Delivers the mails one statement stored (SendMailsPayload): one job instead of one per mail. */
  SendMails = 'send-mails',
  /** A password reset request: mails the link (or a new invitation) when the account exists. */
  PasswordReset = 'password-reset',
}

export enum MaintenanceJob {
  Reconcile = 'reconcile',
  /** Refreshes every interviewer's iCalendar feed (repeatable). */
  RefreshCalendars = 'refresh-calendars',
}

export enum IntakeJob {
  Evaluate = 'evaluate-registration',
  /**
   * A pipeline mail owed by a batch step. Owed on the pipeline-mail queue now
   * (PipelineMailJob.Tell); the intake queue still runs those queued before the move.
   */
  Tell = 'tell-candidate',
}

export enum PipelineMailJob {
  /** A pipeline mail owed by a step of one registration (routing), rendered and queued apart from it. */
  Tell = 'tell-candidate',
  /** The pipeline mails a batch step decided (TellCandidatesPayload): one job for all of them. */
  TellMany = 'tell-candidates',
}

export enum ReviewJob {
  SlaCheck = 'sla-check',
}

export enum InterviewJob {
  Book = 'book-registration',
  Run = 'scheduling-run',
  Reschedule = 'reschedule-interview',
  Remind = 'interview-reminder',
  /** The invitations of interviews a booking batch held, rendered and queued apart from it. */
  Invite = 'interview-invitations',
  /** Removes a cancelled interview version's reminder jobs (owed by the cancelling transaction). */
  ForgetReminders = 'forget-interview-reminders',
  /** An event's booking pass (debounced: see BookingPoolService). */
  BookingPass = 'booking-pass',
  /** Asks the candidate of an interview flagged as no longer fitting to choose a new time (one mail per flagging). */
  ConflictMail = 'interview-conflict-mail',
}

export enum WebhookJob {
  Deliver = 'deliver-webhook',
}

export enum ImportJob {
  Run = 'import-registrations',
}

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
