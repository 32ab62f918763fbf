import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { NotificationsService } from '@hirefair/core';
import { QueueName, SendMailPayload } from '@hirefair/queue';

@Processor(QueueName.Notifications, { concurrency: 8 })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly notifications: NotificationsService) {
    super();
  }

  async process(job: Job<SendMailPayload>): Promise<string> {
    return this.notifications.deliver(job.data.mailId);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<SendMailPayload> | undefined, error: Error): Promise<void> {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      await this.notifications.giveUp(job.data.mailId, error.message);
    }
  }
}
