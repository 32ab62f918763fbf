import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { IntakeService } from '@hirefair/core';
import { PipelineMailJob, QueueName, TellCandidatePayload, TellCandidatesPayload } from '@hirefair/queue';

/**
 * The candidate mails of pipeline steps: a `TellMany` job for the mails of a batch step (an intake
 * batch, a routing), a `Tell` job for one (and those queued before batches owed one job). Not
 * latency-critical, and each holds a transaction while it stores its mails: a few at a time, so
 * that they leave the pool's connections and the event loop to the intake (which shares this process).
 */
@Processor(QueueName.PipelineMail, { concurrency: 4 })
export class PipelineMailProcessor extends WorkerHost {
  constructor(private readonly intake: IntakeService) {
    super();
  }

  process(job: Job<TellCandidatePayload | TellCandidatesPayload>): Promise<string> {
    return job.name === PipelineMailJob.TellMany
      ? this.intake.tellMany(job.data as TellCandidatesPayload)
      : this.intake.tell(job.data as TellCandidatePayload);
  }
}
