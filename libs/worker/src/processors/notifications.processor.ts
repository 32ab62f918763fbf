import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { BatchDelivery, NotificationsService, PasswordResetService } from '@hirefair/core';
import {
  NotificationJob,
  PasswordResetPayload,
  QueueName,
  SendMailPayload,
  SendMailsPayload,
} from '@hirefair/queue';
import { SendPacer } from '../send-pacer';

type NotificationPayload = SendMailPayload | SendMailsPayload | PasswordResetPayload;

/**
 * At most this many mails a second per worker process. In a registration rush the confirmations
 * then go out over the following minute instead of taking the CPU from the requests and the
 * intake (`bench:fasttrack` at 667 registrations/s: HTTP p99 122–125 ms against 149–235 ms
 * unlimited); 100 a second is 360,000 an hour, beyond what most SMTP relays accept from one sender.
 *
 * Counted in mails, not jobs: a registering statement owes one `send-mails` job for all its mails,
 * so a job limiter would count batches. Each process paces its own sends instead (SendPacer): every
 * mail, of a batch job or of its own `send-mail` job, waits for a slot before it is rendered and
 * sent, the slots 10 ms apart, so no second holds more than 100 of them in one process, however
 * many jobs run side by side. N worker processes send at most N × 100 a second.
 */
export const MAILS_PER_SECOND = 100;

@Processor(QueueName.Notifications, { concurrency: 8 })
export class NotificationsProcessor extends WorkerHost {
  private readonly pacer = new SendPacer(MAILS_PER_SECOND);

  constructor(
    private readonly notifications: NotificationsService,
    private readonly resets: PasswordResetService,
  ) {
    super();
  }

  async process(job: Job<NotificationPayload>): Promise<string | BatchDelivery> {
    if (isPasswordReset(job)) return this.resets.handle(job.data.requestId);
    if (isBatch(job)) return this.notifications.deliverMany(job.data.mailIds, this.pacer.slot);
    return this.notifications.deliver((job.data as SendMailPayload).mailId, this.pacer.slot);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<NotificationPayload> | undefined, error: Error): Promise<void> {
    if (!job || isPasswordReset(job) || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    if (isBatch(job)) await this.notifications.giveUpMany(job.data.mailIds, error.message);
    else await this.notifications.giveUp((job.data as SendMailPayload).mailId, error.message);
  }
}

const isPasswordReset = (job: Job<NotificationPayload>): job is Job<PasswordResetPayload> =>
  job.name === (NotificationJob.PasswordReset as string);

const isBatch = (job: Job<NotificationPayload>): job is Job<SendMailsPayload> =>
  job.name === (NotificationJob.SendMails as string);
