import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { NotificationsService, PasswordResetService } from '@hirefair/core';
import { NotificationJob, PasswordResetPayload, QueueName, SendMailPayload } from '@hirefair/queue';

type NotificationPayload = SendMailPayload | PasswordResetPayload;

/**
 * At most this many mails a second per worker process. In a registration rush the confirmations
 * then go out over the following minute instead of taking the CPU from the requests and the
 * intake (`bench:fasttrack` at 667 registrations/s: HTTP p99 122–125 ms against 149–235 ms
 * unlimited); 100 a second is 360,000 an hour, beyond what most SMTP relays accept from one sender.
 */
const MAILS_PER_SECOND = 100;

@Processor(QueueName.Notifications, {
  concurrency: 8,
  limiter: { max: MAILS_PER_SECOND, duration: 1000 },
})
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
