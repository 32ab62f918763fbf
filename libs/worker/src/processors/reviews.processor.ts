import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { ReviewsService } from '@hirefair/core';
import { QueueName, SlaCheckPayload } from '@hirefair/queue';

@Processor(QueueName.Reviews)
export class ReviewsProcessor extends WorkerHost {
  constructor(private readonly reviews: ReviewsService) {
    super();
  }

  process(job: Job<SlaCheckPayload>): Promise<string> {
    return this.reviews.checkSla(job.data);
  }
}
