import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { IntakeService } from '@hirefair/core';
import { QueueName, TellCandidatePayload } from '@hirefair/queue';

/**
 * The candidate mails of pipeline steps. Not latency-critical, and each holds a transaction while it
 * renders: a few at a time, so that they leave the pool's connections and the event loop to the
 * intake (which shares this process).
 */
@Processor(QueueName.PipelineMail, { concurrency: 4 })
export class PipelineMailProcessor extends WorkerHost {
  constructor(private readonly intake: IntakeService) {
    super();
  }

  process(job: Job<TellCandidatePayload>): Promise<string> {
    return this.intake.tell(job.data);
  }
}
