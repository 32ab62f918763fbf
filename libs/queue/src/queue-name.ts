/** Every BullMQ queue of hirefair. Names are part of Redis keys: never rename one that is in use. */
export enum QueueName {
  Notifications = 'notifications',
  Maintenance = 'maintenance',
}

/** Job names, per queue. */
export enum NotificationJob {
  SendMail = 'send-mail',
}

export enum MaintenanceJob {
  Reconcile = 'reconcile',
}

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
