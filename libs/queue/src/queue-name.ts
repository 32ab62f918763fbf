/** Every BullMQ queue of hirefair. Names are part of Redis keys: never rename one that is in use. */
export enum QueueName {
  Notifications = 'notifications',
  Maintenance = 'maintenance',
  /** Waiver evaluation and routing of new registrations. */
  Intake = 'intake',
  /** Review SLA deadlines (delayed jobs). */
  Reviews = 'reviews',
  /** Interview bookings, scheduling runs, reschedules and reminders. */
  InterviewScheduling = 'interview-scheduling',
}

/** Job names, per queue. */
export enum NotificationJob {
  SendMail = 'send-mail',
}

export enum MaintenanceJob {
  Reconcile = 'reconcile',
}

export enum IntakeJob {
  Evaluate = 'evaluate-registration',
}

export enum ReviewJob {
  SlaCheck = 'sla-check',
}

export enum InterviewJob {
  Book = 'book-registration',
  Run = 'scheduling-run',
  Reschedule = 'reschedule-interview',
  Remind = 'interview-reminder',
}

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
