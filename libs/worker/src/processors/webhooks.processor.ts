import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { WebhookDeliveryService } from '@hirefair/core';
import { DeliverWebhookPayload, QueueName } from '@hirefair/queue';

/** I/O-bound (each attempt waits on a receiver, up to 10 s): many at once. */
@Processor(QueueName.Webhooks, { concurrency: 16 })
export class WebhooksProcessor extends WorkerHost {
  constructor(private readonly delivery: WebhookDeliveryService) {
    super();
  }

  process(job: Job<DeliverWebhookPayload>): Promise<string> {
    return this.delivery.deliver(job.data);
  }
}
