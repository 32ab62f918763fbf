import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { NotificationsService, PasswordResetService } from '@hirefair/core';
import { NotificationJob, PasswordResetPayload, QueueName, SendMailPayload } from '@hirefair/queue';

type NotificationPayload = SendMailPayload | PasswordResetPayload;

@Processor(QueueName.Notifications, { concurrency: 8 })
export class NotificationsProcessor extends WorkerHost {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly resets: PasswordResetService,
  ) {
    super();
  }

  async process(job: Job<NotificationPayload>): Promise<string> {
    if (isPasswordReset(job)) return this.resets.handle(job.data.requestId);
    return this.notifications.deliver((job.data as SendMailPayload).mailId);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<NotificationPayload> | undefined, error: Error): Promise<void> {
    if (job && !isPasswordReset(job) && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      await this.notifications.giveUp((job.data as SendMailPayload).mailId, error.message);
    }
  }
}

const isPasswordReset = (job: Job<NotificationPayload>): job is Job<PasswordResetPayload> =>
  job.name === (NotificationJob.PasswordReset as string);
